// Live updates over the hub /hubs/chat with the official browser client (vendor/signalr.min.js, global `signalR`).
// Pushes are a shortcut, never the record: after every (re)connect the app catches up over REST (README,
// "Real-time: pushes and catching up"). A push whose position was already applied is dropped.

const METHODS = [
  'messageCreated', 'messageRecalled', 'conversationRead', 'conversationUpdated',
  'friendRequestReceived', 'friendRequestAccepted', 'friendRequestRejected', 'typing', 'presence',
];
const TYPING_EVERY_MS = 1000;
const SEEN_POSITIONS_KEPT = 2000;

export class Live {
  constructor(api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.seen = new Set();
    this.lastTyping = new Map();
    this.stopped = false;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/chat', { accessTokenFactory: () => api.accessToken() })
      // Retries forever, backing off to 10 s between tries; the app never gives up while the page is open.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(10000, 500 * 2 ** ctx.previousRetryCount) })
      .configureLogging(signalR.LogLevel.None)
      .build();
    for (const method of METHODS) {
      this.connection.on(method, (payload) => this.#dispatch(method, payload));
    }
    this.connection.onreconnecting(() => handlers.state('Reconnecting…'));
    this.connection.onreconnected(() => this.#connected());
    this.connection.onclose(() => {
      if (!this.stopped) {
        // Automatic reconnection gave up or the token was refused (it expired): start again with a fresh one.
        handlers.state('Offline, retrying…');
        this.#retryStart();
      }
    });
  }

  async start() {
    this.handlers.state('Connecting…');
    try {
      await this.connection.start();
    } catch {
      this.handlers.state('Offline, retrying…');
      this.#retryStart();
      // The app still shows what REST gives.
      await this.handlers.connected();
      return;
    }
    await this.#connected();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.connection.stop();
  }

  /** Tells the other members that we are typing, at most once a second per conversation (the server's limit too). */
  typing(conversationId) {
    if (this.connection.state !== signalR.HubConnectionState.Connected) return;
    const now = Date.now();
    if (now - (this.lastTyping.get(conversationId) ?? 0) < TYPING_EVERY_MS) return;
    this.lastTyping.set(conversationId, now);
    this.connection.invoke('Typing', conversationId).catch(() => {});
  }

  #retryStart(delay = 2000) {
    clearTimeout(this.retry);
    this.retry = setTimeout(async () => {
      if (this.stopped || this.connection.state !== signalR.HubConnectionState.Disconnected) return;
      try {
        await this.connection.start();
        await this.#connected();
      } catch {
        this.#retryStart(Math.min(delay * 2, 30000));
      }
    }, delay);
  }

  async #connected() {
    this.handlers.state('');
    try {
      await this.handlers.connected();
    } catch (error) {
      console.warn('catch-up failed', error);
    }
  }

  #dispatch(method, payload) {
    const position = payload?.position ?? 0;
    if (position > 0) {
      const key = `${method}:${position}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      if (this.seen.size > SEEN_POSITIONS_KEPT) this.seen.delete(this.seen.values().next().value);
    }
    Promise.resolve()
      .then(() => this.handlers[method]?.(payload))
      .catch((error) => console.warn(`${method} push failed`, error));
  }
}
