/** A polite live region for success messages such as "Saved". */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div role="status">
      {message ? (
        <div className="kern-alert kern-alert--success">
          <div className="kern-alert__header">
            <span className="kern-icon kern-icon--success" aria-hidden="true" />
            <span className="kern-title">{message}</span>
          </div>
        </div>
      ) : null}
    </div>
  );
}
