import type { ErrorBody } from '@guantong/shared';
import { ApiError, CSRF_HEADER, type QueryValue, toQueryString } from './client';

/** The file name a download answer carries (RFC 5987 `filename*` first), or the fallback. */
function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) {
    return fallback;
  }
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

function apiErrorOf(status: number, statusText: string, text: string): ApiError {
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (body?.error?.code) {
      return new ApiError(status, body.error.code, body.error.message, body.error.details);
    }
  } catch {
    // Not JSON: the status says enough.
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', statusText);
}

/**
 * Downloads a file the API generates (an .xlsx template, export or error file) and saves it under the name the
 * server gives. Errors arrive as ApiError (so the page can say what went wrong) instead of a JSON page.
 */
export async function downloadFile(path: string, query?: Record<string, QueryValue>, fallbackName = 'download.xlsx'): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${path}${toQueryString(query)}`, { credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'Network error');
  }
  if (!response.ok) {
    throw apiErrorOf(response.status, response.statusText, await response.text());
  }
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the object URL goes.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}

/**
 * Uploads one file as multipart/form-data (field `file`) and reports progress from 0 to 100; resolves with the
 * JSON answer or rejects with ApiError, like the JSON client.
 */
export function uploadFile<T>(path: string, file: File, onProgress?: (percent: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(CSRF_HEADER)) {
      xhr.setRequestHeader(k, v);
    }
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) {
        onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
      }
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError(xhr.status, 'INTERNAL', 'Unreadable answer'));
        }
        return;
      }
      reject(apiErrorOf(xhr.status, xhr.statusText, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'Network error'));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}
