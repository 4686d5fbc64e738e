import { Component, type ComponentType, lazy, type ReactNode, Suspense, useEffect, useState } from 'react';

interface Attempt<P> {
  count: number;
  Part: ComponentType<P>;
}

/** React keeps a lazy part's failure for good: each attempt needs a lazy part of its own. */
function attempt<P>(count: number, load: () => Promise<ComponentType<P>>): Attempt<P> {
  return { count, Part: lazy(async () => ({ default: await load() })) };
}

/**
 * A part of a page that the page does well without (e.g. the events below the office list). Its code,
 * texts or data come after the page; if they cannot (the phone lost its network just then) or the part
 * fails to render, the part is left out instead of taking the whole page down, and is tried again when
 * the browser is back online. `load` must be the same function on every render.
 */
export function OptionalPart<P extends object>({
  load,
  props,
}: {
  load: () => Promise<ComponentType<P>>;
  props: P;
}) {
  const [current, setCurrent] = useState(() => attempt(0, load));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!failed) return;
    const retry = () => {
      setFailed(false);
      setCurrent((last) => attempt(last.count + 1, load));
    };
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [failed, load]);
  const { Part } = current;
  return failed ? null : (
    <LeftOutOnError key={current.count} onError={() => setFailed(true)}>
      <Suspense fallback={null}>
        <Part {...props} />
      </Suspense>
    </LeftOutOnError>
  );
}

class LeftOutOnError extends Component<{ onError(): void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch() {
    this.props.onError();
  }

  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
