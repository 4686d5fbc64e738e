import { type KeyboardEvent, type ReactNode, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CallIcon } from './CallIcon';
import { UnreadBadge } from './ControlBar';
import { TabActivityProvider } from './panelContext';

/** One tab of the call's side panel (chat, files, form; the agent's notes, guests and queues). */
export interface CallTab {
  id: string;
  label: string;
  content: ReactNode;
}

interface CallTabsProps {
  /** The panel's element id, controlled by the bar's panel button. */
  id: string;
  tabs: CallTab[];
  open: boolean;
  active: string;
  unread: Record<string, number>;
  onSelect(tabId: string): void;
  onClose(): void;
  arrived(tabId: string, ids: readonly string[]): void;
}

/**
 * The side panel (a bottom sheet on phones in portrait): tabs by the ARIA tabs pattern — arrow keys,
 * Home and End move between them, the selected one is the only tab stop — with unread counts. Every
 * tab stays mounted while hidden, so the chat keeps receiving and the form keeps its place.
 */
export function CallTabs(props: CallTabsProps) {
  const { id, tabs, open, active, unread, onSelect } = props;
  const { t } = useTranslation();
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const tabId = (tab: string) => `${id}-tab-${tab}`;
  const panelId = (tab: string) => `${id}-panel-${tab}`;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.id === active);
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let next: number | null = null;
    if (event.key in step) next = (index + step[event.key]! + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    const target = next === null ? undefined : tabs[next];
    if (!target) return;
    event.preventDefault();
    onSelect(target.id);
    tabRefs.current.get(target.id)?.focus();
  }

  return (
    <div id={id} className="call-panel" hidden={!open}>
      <div className="call-panel__head">
        <div role="tablist" aria-label={t('call.panel.label')} className="call-tabs" onKeyDown={onKeyDown}>
          {tabs.map((tab) => {
            const selected = tab.id === active;
            const count = unread[tab.id] ?? 0;
            return (
              <button
                key={tab.id}
                ref={(element) => {
                  if (element) tabRefs.current.set(tab.id, element);
                  else tabRefs.current.delete(tab.id);
                }}
                type="button"
                role="tab"
                id={tabId(tab.id)}
                className="call-tabs__tab"
                aria-selected={selected}
                aria-controls={panelId(tab.id)}
                tabIndex={selected ? 0 : -1}
                onClick={() => onSelect(tab.id)}
              >
                {tab.label}
                {count > 0 ? <UnreadBadge count={count} /> : null}
              </button>
            );
          })}
        </div>
        <button type="button" className="call-panel__close" onClick={props.onClose}>
          <CallIcon name="close" />
          <span className="kern-sr-only">{t('call.panel.close')}</span>
        </button>
      </div>
      {tabs.map((tab) => (
        <TabPanel
          key={tab.id}
          id={panelId(tab.id)}
          labelledBy={tabId(tab.id)}
          tabKey={tab.id}
          selected={tab.id === active}
          shown={open && tab.id === active}
          arrived={props.arrived}
        >
          {tab.content}
        </TabPanel>
      ))}
    </div>
  );
}

interface TabPanelProps {
  id: string;
  labelledBy: string;
  tabKey: string;
  selected: boolean;
  shown: boolean;
  arrived(tabId: string, ids: readonly string[]): void;
  children: ReactNode;
}

/** One tab's content, scrolling on its own; tells its content whether it is seen. */
function TabPanel({ id, labelledBy, tabKey, selected, shown, arrived, children }: TabPanelProps) {
  const activity = useMemo(
    () => ({ shown, arrived: (ids: readonly string[]) => arrived(tabKey, ids) }),
    [shown, arrived, tabKey],
  );
  return (
    <div
      id={id}
      role="tabpanel"
      aria-labelledby={labelledBy}
      className="call-panel__body"
      hidden={!selected}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling panel must be reachable by keyboard
      tabIndex={0}
    >
      <TabActivityProvider value={activity}>{children}</TabActivityProvider>
    </div>
  );
}
