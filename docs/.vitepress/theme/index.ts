import type { Theme } from "vitepress";
import DefaultTheme from "vitepress/theme";
import { defineAsyncComponent } from "vue";
import "./custom.css";

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    // Loaded only on the page that uses it, so the engine is not part of every page's scripts.
    app.component(
      "IndexPlayground",
      defineAsyncComponent(() => import("./IndexPlayground.vue")),
    );
  },
} satisfies Theme;
