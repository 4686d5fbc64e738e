import { ApiProblem, toProblem } from './client';

/** Bytes sent so far and in all; `total` is 0 while the browser does not know it. */
export interface Progress {
  loaded: number;
  total: number;
}

const networkError = () => new ApiProblem(0, 'Network error', undefined);

/**
 * POSTs raw bytes to the API and answers like api(): the JSON result, or an ApiProblem. Uses
 * XMLHttpRequest because fetch reports no upload progress.
 */
export function uploadBytes<T>(
  path: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress?: (progress: Progress) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    if (onProgress)
      xhr.upload.onprogress = (event) =>
        onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(networkError());
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as T);
        return;
      }
      // The same reading of a problem document as api() does.
      const retryAfter = xhr.getResponseHeader('retry-after');
      const response = new Response(xhr.responseText || null, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: retryAfter ? { 'retry-after': retryAfter } : {},
      });
      toProblem(response).then(reject, reject);
    };
    xhr.send(body);
  });
}

/** GETs a file from the API as a Blob (with headers a plain link cannot send); ApiProblem on failure. */
export async function fetchBlob(path: string, headers: Record<string, string>): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { credentials: 'same-origin', headers });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await toProblem(response);
  return response.blob();
}

/** Hands a Blob to the browser's downloads under the given name. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL may go once the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
