import { Component, type ComponentType, lazy, Suspense } from 'react';

interface Props<P> {
  /** Must be the same function on every render. */
  load: () => Promise<ComponentType<P>>;
  props: P;
}

/** React keeps a lazy part's failure for good: each attempt needs a lazy part of its own. */
const lazyPart = <P,>(load: () => Promise<ComponentType<P>>) => lazy(async () => ({ default: await load() }));

/**
 * A part of a page that the page does well without (e.g. the events below the office list). Its code,
 * texts or data come after the page; if they cannot (the phone lost its network just then) or the part
 * fails to render, the part is left out instead of taking the whole page down, and is tried again when
 * the browser is back online.
 */
export class OptionalPart<P extends object> extends Component<Props<P>, { failed: boolean }> {
  override state = { failed: false };
  private Part = lazyPart(this.props.load);

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch() {
    window.addEventListener('online', this.retry, { once: true });
  }

  override componentWillUnmount() {
    window.removeEventListener('online', this.retry);
  }

  private readonly retry = () => {
    this.Part = lazyPart(this.props.load);
    this.setState({ failed: false });
  };

  override render() {
    const { Part } = this;
    return this.state.failed ? null : (
      <Suspense fallback={null}>
        <Part {...this.props.props} />
      </Suspense>
    );
  }
}
