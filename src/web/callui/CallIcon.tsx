/** Line icons of the call screen (KERN has none for microphone, camera or screen); decorative only. */
const PATHS = {
  mic: 'M12 3a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3M8 21h8',
  camera: 'M4 6h11a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1zM16 10l5-3v10l-5-3',
  screen: 'M4 4h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zM8 20h8M12 16v4',
  chat: 'M4 5h16v11H9l-5 4z',
  hangUp: 'M3 14.5c5-5 13-5 18 0l-2 3-4-1.2v-3c-2-.8-4-.8-6 0v3L5 17.5z',
  devices: 'M4 7h10M18 7h2M4 17h4M12 17h8M16 5v4M10 15v4',
  fullscreen: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  exitFullscreen: 'M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5',
  pip: 'M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zM12 12h6v4h-6z',
  move: 'M12 3v18M3 12h18M9 6l3-3 3 3M9 18l3 3 3-3M6 9l-3 3 3 3M18 9l3 3-3 3',
  close: 'M6 6l12 12M18 6L6 18',
  speaking: 'M4 10v4h3l4 4V6l-4 4zM15 9a4 4 0 0 1 0 6M18 6a8 8 0 0 1 0 12',
  queue: 'M9 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM3 20a6 6 0 0 1 12 0M16 5a3 3 0 0 1 0 6M21 20a6 6 0 0 0-4-5.6',
} as const;

export type CallIconName = keyof typeof PATHS;

/** `crossed`: the thing is off (microphone muted, camera off) — said by the button's state, drawn here. */
export function CallIcon({ name, crossed = false }: { name: CallIconName; crossed?: boolean }) {
  return (
    <svg
      className="call-icon"
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
      {crossed ? <path d="M3 3l18 18" /> : null}
    </svg>
  );
}
