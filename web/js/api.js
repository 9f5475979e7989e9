// The /api/v1 client: the bearer key kept for this browser session only, errors as exceptions
// carrying the server's own message.

const KEY = 'recolab.apiKey';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** Subscribers are told when the server rejects the key (401), to send the owner to sign-in. */
const unauthorizedListeners = [];
export function onUnauthorized(fn) {
  unauthorizedListeners.push(fn);
}

async function request(method, path, body, key = session.key()) {
  const headers = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
  } catch (e) {
    throw new ApiError(0, `cannot reach the server (${e.message})`);
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const json = await response.json();
      if (json && json.error) message = json.error;
    } catch (e) {
      // not JSON: keep the status line
    }
    if (response.status === 401 && key && key === session.key()) unauthorizedListeners.forEach((fn) => fn(message));
    throw new ApiError(response.status, message);
  }
  return response;
}

export const api = {
  get: async (path, key) => (await request('GET', path, undefined, key)).json(),
  post: async (path, body) => (await request('POST', path, body === undefined ? '' : body)).json(),
  put: async (path, body) => (await request('PUT', path, body)).json(),
  /** Binary answers (charts, CSV) as a Blob, fetched with the key like any call. */
  blob: async (path) => (await request('GET', path)).blob(),
};

export const enc = encodeURIComponent;
