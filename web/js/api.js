// The /api/v1 client. People sign in with a username and password: the server answers with an
// HttpOnly session cookie (scripts never see it) and a CSRF token, kept here in memory only and
// sent as X-CSRF-Token on every call that changes something. Errors are exceptions carrying the
// server's own message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Subscribers are told when the server says the session is over (401), to send the person to sign-in. */
const unauthorizedListeners = [];
export function onUnauthorized(fn) {
  unauthorizedListeners.push(fn);
}

let me = null; // the signed-in person: {username, role, permissions, csrfToken, ...}

async function request(method, path, body, { quiet = false, revision } = {}) {
  const headers = {};
  // A change made on a copy of this revision: the server refuses it (412) if someone changed it since.
  if (revision !== undefined && revision !== null) headers['If-Match'] = `"${revision}"`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && me) headers['X-CSRF-Token'] = me.csrfToken;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
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
    if (response.status === 401 && me && !quiet) {
      me = null;
      unauthorizedListeners.forEach((fn) => fn(message));
    }
    throw new ApiError(response.status, message);
  }
  return response;
}

const json = async (response) => (response.status === 204 ? null : response.json());

export const session = {
  /** Who is signed in (null: nobody), as the server last said. */
  me: () => me,
  /** Whether the signed-in person may do this: read, manage-experiments, manage-access. */
  can: (permission) => Boolean(me && me.permissions.includes(permission)),
  /** Asks the server whether this browser has a live session (after a reload). */
  async load() {
    try {
      me = await json(await request('GET', '/session', undefined, { quiet: true }));
    } catch (e) {
      if (e.status !== 401) throw e;
      me = null;
    }
    return me;
  },
  async signIn(username, password) {
    me = null;
    me = await json(await request('POST', '/session', { username, password }, { quiet: true }));
    return me;
  },
  async signOut() {
    try {
      await request('DELETE', '/session', undefined, { quiet: true });
    } finally {
      me = null;
    }
  },
  async changePassword(currentPassword, newPassword) {
    me = await json(await request('PUT', '/session/password', { currentPassword, newPassword }));
    return me;
  },
};

export const api = {
  get: async (path) => json(await request('GET', path)),
  post: async (path, body) => json(await request('POST', path, body === undefined ? '' : body)),
  /** revision: the revision the change was made on (sent as If-Match), to refuse it over someone else's change. */
  put: async (path, body, { revision } = {}) => json(await request('PUT', path, body, { revision })),
  patch: async (path, body) => json(await request('PATCH', path, body)),
  del: async (path) => json(await request('DELETE', path)),
  /** Binary answers (charts, CSV) as a Blob, fetched with the session cookie like any call. */
  blob: async (path) => (await request('GET', path)).blob(),
};

export const enc = encodeURIComponent;
