import { PluginError } from "./errors.js";
import { show } from "./issues.js";
import type { AnyOptions, MethodDefinition } from "./methods.js";
import type { ExporterDefinition, Plugin, SourceDefinition } from "./plugin.js";
import { definePlugin } from "./plugin.js";
import type { Stage } from "./spec/types.js";

/** A registered member and the plugin it came from. */
export interface Registered<T> {
  /** The definition. */
  definition: T;
  /** The plugin's name. */
  plugin: string;
}

/**
 * Holds the methods, sources and exporters available to a run. Built-in methods are registered exactly as a
 * plugin's are; registering an id twice throws.
 */
export class Registry {
  readonly #plugins: Plugin[] = [];
  readonly #methods = new Map<string, Registered<MethodDefinition>>();
  readonly #sources = new Map<string, Registered<SourceDefinition<AnyOptions>>>();
  readonly #exporters = new Map<string, Registered<ExporterDefinition<AnyOptions>>>();

  /** Registers a plugin's members. Throws a {@link PluginError} on a duplicate id. */
  register(plugin: Plugin): this {
    definePlugin(plugin);
    if (this.#plugins.some((p) => p.name === plugin.name)) {
      throw new PluginError(
        "duplicate-plugin",
        `Registry.register: plugin ${show(plugin.name)} is already registered`,
      );
    }
    for (const m of plugin.methods ?? []) {
      const key = `${m.stage}:${m.id}`;
      const prior = this.#methods.get(key);
      if (prior) {
        throw new PluginError(
          "duplicate-method",
          `[${plugin.name}] ${m.stage} method ${show(m.id)} is already registered by ${show(prior.plugin)}`,
        );
      }
      this.#methods.set(key, { definition: m, plugin: plugin.name });
    }
    for (const s of plugin.sources ?? []) {
      const prior = this.#sources.get(s.id);
      if (prior) {
        throw new PluginError(
          "duplicate-source",
          `[${plugin.name}] source ${show(s.id)} is already registered by ${show(prior.plugin)}`,
        );
      }
      this.#sources.set(s.id, { definition: s, plugin: plugin.name });
    }
    for (const e of plugin.exporters ?? []) {
      const prior = this.#exporters.get(e.id);
      if (prior) {
        throw new PluginError(
          "duplicate-exporter",
          `[${plugin.name}] exporter ${show(e.id)} is already registered by ${show(prior.plugin)}`,
        );
      }
      this.#exporters.set(e.id, { definition: e, plugin: plugin.name });
    }
    this.#plugins.push(plugin);
    return this;
  }

  /** Registered plugins, in registration order. */
  get plugins(): readonly Plugin[] {
    return this.#plugins;
  }

  /** The method `id` of `stage`, or `undefined`. */
  method(stage: Stage, id: string): Registered<MethodDefinition> | undefined {
    return this.#methods.get(`${stage}:${id}`);
  }

  /** Every method, or those of one stage, in registration order. */
  methods(stage?: Stage): Registered<MethodDefinition>[] {
    return [...this.#methods.values()].filter((m) => stage === undefined || m.definition.stage === stage);
  }

  /** The source adapter `id`, or `undefined`. */
  source(id: string): Registered<SourceDefinition<AnyOptions>> | undefined {
    return this.#sources.get(id);
  }

  /** Every source adapter. */
  sources(): Registered<SourceDefinition<AnyOptions>>[] {
    return [...this.#sources.values()];
  }

  /** The exporter `id`, or `undefined`. */
  exporter(id: string): Registered<ExporterDefinition<AnyOptions>> | undefined {
    return this.#exporters.get(id);
  }

  /** Every exporter. */
  exporters(): Registered<ExporterDefinition<AnyOptions>>[] {
    return [...this.#exporters.values()];
  }
}
