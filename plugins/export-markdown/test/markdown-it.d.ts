declare module "markdown-it" {
  interface MarkdownItOptions {
    html?: boolean;
    linkify?: boolean;
  }
  /** The parts of markdown-it the tests use. */
  export default class MarkdownIt {
    constructor(options?: MarkdownItOptions);
    render(text: string): string;
  }
}
