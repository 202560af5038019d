import type { Disposable } from 'vscode';

/**
 * Base class that disposes everything registered with `register` / `registerAll` in reverse order,
 * once; a disposable registered after disposal is disposed at once. Subclasses that hold more
 * (timers, a channel) override `dispose()` and call `super.dispose()`.
 */
export abstract class DisposableStore implements Disposable {
  private readonly disposables: { dispose(): unknown }[] = [];
  private disposed = false;

  protected register<T extends { dispose(): unknown }>(d: T): T {
    if (this.disposed) {
      void d.dispose();
    } else {
      this.disposables.push(d);
    }
    return d;
  }

  protected registerAll(...ds: { dispose(): unknown }[]): void {
    for (const d of ds) this.register(d);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.reverse()) {
      try {
        void d.dispose();
      } catch {
        // one failing disposable must not keep the others (ports, timers) alive
      }
    }
    this.disposables.length = 0;
  }
}
