// Types of the `sentiment` package's English language module (AFINN-165 labels and its negation rule).
declare module "sentiment/languages/en/index.js" {
  import type Sentiment from "sentiment";

  const language: {
    labels: Record<string, number>;
    scoringStrategy: NonNullable<Sentiment.LanguageModule["scoringStrategy"]>;
  };
  export default language;
}
