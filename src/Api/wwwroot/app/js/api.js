// The public REST API (../shared/spec/api.md) as the web client uses it: tokens, read-your-writes, errors.
//
// The token pair lives in localStorage so that a reload stays signed in. A refresh rotates the pair; it runs under a
// Web Lock shared by every tab of this origin, and a tab that finds the stored pair already rotated by another tab
// adopts it instead of presenting a used refresh token (which the server treats as theft and ends the login).

const STORAGE_KEY = 'eventchat.session';
const API = '/api';

/** An API error: the problem+json `detail` (or `title`), the status and the validation errors by field. */
export class ApiError extends Error {
  constructor(status, problem) {
    const fieldErrors = problem?.errors ? Object.values(problem.errors).flat() : [];
    const message = [problem?.detail || problem?.title || `Request failed (${status})`, ...fieldErrors]
      .filter((v, i, all) => all.indexOf(v) === i)
      .join(' ');
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

function readStored() {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function store(session) {
  if (session) {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } else {
    localStorage.removeItem(STORAGE_KEY);
  }
}

function sessionFrom(pair) {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    // Refresh a little early: the clocks of the browser and the server need not agree to the second.
    expiresAt: Date.now() + Math.max(0, (pair.expiresIn - 30) * 1000),
  };
}

async function withRefreshLock(action) {
  if (navigator.locks?.request) {
    return navigator.locks.request('eventchat-refresh', action);
  }
  return action();
}

async function parse(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export class Api {
  constructor() {
    this.session = readStored();
    // The highest position of our own writes: reads pass it as minPosition (read-your-writes).
    this.position = 0;
    this.onSignedOut = () => {};
  }

  get signedIn() {
    return this.session !== null;
  }

  notePosition(position) {
    if (Number.isFinite(position) && position > this.position) this.position = position;
  }

  async register({ username, email, password, nickname }) {
    return this.#send('POST', '/auth/register', { username, email, password, nickname: nickname || null }, { anonymous: true });
  }

  async login(login, password) {
    const pair = await this.#send('POST', '/auth/login', { login, password }, { anonymous: true });
    this.session = sessionFrom(pair);
    store(this.session);
    return pair;
  }

  /** Rotates the pair (once per reload, and whenever the access token is about to expire). */
  async refresh() {
    const used = this.session?.refreshToken;
    if (!used) throw new ApiError(401, { detail: 'Not signed in.' });
    return withRefreshLock(async () => {
      const stored = readStored();
      if (!stored) {
        this.#signedOut();
        throw new ApiError(401, { detail: 'Signed out.' });
      }
      if (stored.refreshToken !== used) {
        // Another tab rotated it meanwhile: take its pair.
        this.session = stored;
        return;
      }
      const response = await fetch(`${API}/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: used }),
      });
      const body = await parse(response);
      if (!response.ok) {
        if (response.status === 401) this.#signedOut();
        throw new ApiError(response.status, body);
      }
      this.notePosition(body.position);
      this.session = sessionFrom(body);
      store(this.session);
    });
  }

  /** Ends this login on the server (its refresh tokens stop working), then forgets the pair. */
  async logout() {
    const session = this.session;
    if (!session) return;
    try {
      await this.#send('POST', '/auth/logout', { refreshToken: session.refreshToken });
    } finally {
      this.session = null;
      store(null);
    }
  }

  /** A valid access token (refreshed when close to expiry), for REST and the hub. */
  async accessToken() {
    if (!this.session) throw new ApiError(401, { detail: 'Not signed in.' });
    if (Date.now() >= this.session.expiresAt) await this.refresh();
    return this.session.accessToken;
  }

  get(path, params = {}) {
    return this.#send('GET', path, undefined, { params });
  }

  post(path, body) {
    return this.#send('POST', path, body ?? {});
  }

  put(path, body) {
    return this.#send('PUT', path, body ?? {});
  }

  delete(path) {
    return this.#send('DELETE', path);
  }

  async upload(file) {
    const form = new FormData();
    form.append('file', file, file.name || 'image');
    return this.#send('POST', '/uploads', form);
  }

  #signedOut() {
    this.session = null;
    store(null);
    this.onSignedOut();
  }

  async #send(method, path, body, { anonymous = false, params = {}, retried = false } = {}) {
    const url = new URL(API + path, location.origin);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
    }
    if (method === 'GET') {
      // The later of our own last write and what the caller asks for (the position of a push).
      const minPosition = Math.max(this.position, Number(url.searchParams.get('minPosition')) || 0);
      if (minPosition > 0) url.searchParams.set('minPosition', minPosition);
    }
    const headers = { Accept: 'application/json' };
    if (!anonymous) headers.Authorization = `Bearer ${await this.accessToken()}`;
    let payload;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload });
    if (response.status === 401 && !anonymous && !retried) {
      // The access token expired or its session ended: one refresh, then the request once more.
      await this.refresh();
      return this.#send(method, path, body, { anonymous, params, retried: true });
    }
    const result = await parse(response);
    if (!response.ok) throw new ApiError(response.status, result);
    this.notePosition(Number(response.headers.get('X-Position')));
    return result;
  }
}
