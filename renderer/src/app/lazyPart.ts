import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A part of the page whose code did not arrive; the message names the part and says why. */
export class PartLoadError extends Error {
  constructor(
    readonly part: string,
    cause: unknown,
  ) {
    super(`${part} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'PartLoadError';
  }
}

/**
 * A part of the page (a view, a panel) whose code is a chunk of its own, loaded the first time
 * it is drawn or when `preload` asks for it ahead of time, whichever comes first.
 */
export interface LazyPart<Props> {
  /** What the part is, in words the loading and failure lines use: "the Logs view". */
  readonly name: string;
  /**
   * The component to draw. React remembers a lazy component's failure for good, so after a
   * failed load this is a new one: drawing the part again (a retry, or opening it again) imports again.
   */
  readonly component: LazyExoticComponent<ComponentType<Props>>;
  /** Starts the import if nothing has yet; a failure is left for the part's own place to show when drawn. */
  preload(): Promise<void>;
}

export function lazyPart<Props>(name: string, load: () => Promise<ComponentType<Props>>): LazyPart<Props> {
  let loading: Promise<ComponentType<Props>> | null = null;
  const loadOnce = (): Promise<ComponentType<Props>> => {
    loading ??= load().catch((error: unknown) => {
      // Forget the failure, so the next draw or preload asks the server again.
      loading = null;
      throw new PartLoadError(name, error);
    });
    return loading;
  };
  let failed = false;
  const makeComponent = () =>
    lazy(() =>
      loadOnce().then(
        (component) => ({ default: component }),
        (error: unknown) => {
          failed = true;
          throw error;
        },
      ),
    );
  let component = makeComponent();
  return {
    name,
    get component() {
      if (failed) {
        failed = false;
        component = makeComponent();
      }
      return component;
    },
    preload: () =>
      loadOnce().then(
        () => undefined,
        () => undefined,
      ),
  };
}
