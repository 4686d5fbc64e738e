// A language file's parts, split at build time by vite-plugins/message-sections.ts.
declare module '*.json?first-page' {
  const messages: Record<string, unknown>;
  export default messages;
}
declare module '*.json?other-pages' {
  const messages: Record<string, unknown>;
  export default messages;
}
declare module '*.json?staff-pages' {
  const messages: Record<string, unknown>;
  export default messages;
}
