import type { Disposable } from 'vscode';

/** Base class that disposes everything registered with `register` in reverse order. */
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
