// EventChat web client: plain ES modules, no build step. Decisions: docs/web-client.md.
import { Api, ApiError } from './api.js';
import { Live } from './live.js';

const api = new Api();
const $ = (id) => document.getElementById(id);

const PAGE = 30;
const TYPING_SHOWN_MS = 3000;
const RECALL_WINDOW_MS = 2 * 60 * 1000;

const state = {
  me: null,
  conversations: new Map(), // id -> list item of GET /api/conversations
  details: new Map(), // id -> GET /api/conversations/{id}
  stores: new Map(), // id -> { messages: Map(seq -> message), low, high, hasMoreBefore }
  friends: new Map(), // userId -> friend
  profiles: new Map(), // userId -> public profile
  online: new Set(),
  readers: new Map(), // conversationId -> Map(userId -> seq), from conversationRead pushes
  typing: new Map(), // conversationId -> Map(userId -> timer)
  current: null, // open conversation id
  replyTo: null, // message being answered
  image: null, // { file, url } to send
  readPosting: new Map(), // conversationId -> seq being marked
  incoming: [],
};

let live = null;

// ---------------------------------------------------------------------------------------------------------------
// small helpers

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name in node && !name.includes('-')) node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function showError(error) {
  const box = $('error');
  const message = error instanceof ApiError ? error.message : (error?.message ?? String(error));
  box.textContent = message;
  box.hidden = !message;
  if (!(error instanceof ApiError)) console.warn(error);
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function say(text) {
  $('status').textContent = text;
}

/** Runs an action from a click or a form, showing a refusal instead of throwing. */
function guarded(action) {
  return async (event) => {
    event?.preventDefault?.();
    clearError();
    try {
      await action(event);
    } catch (error) {
      showError(error);
    }
  };
}

function timeOf(iso) {
  const date = new Date(iso);
  const now = new Date();
  return date.toDateString() === now.toDateString()
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

function displayName(userId) {
  if (state.me && userId === state.me.id) return 'You';
  const friend = state.friends.get(userId);
  if (friend) return friend.remark || friend.nickname || friend.username;
  const profile = state.profiles.get(userId);
  return profile ? profile.nickname || profile.username : 'Someone';
}

async function profileOf(userId) {
  if (!state.profiles.has(userId)) {
    state.profiles.set(userId, await api.get(`/users/${userId}`));
  }
  return state.profiles.get(userId);
}

function conversationName(id) {
  const item = state.conversations.get(id);
  if (item?.type === 'group') return item.name || 'Group';
  const other = otherMember(id);
  return other ? displayName(other) : 'Direct chat';
}

function otherMember(conversationId) {
  for (const friend of state.friends.values()) {
    if (friend.conversationId === conversationId) return friend.userId;
  }
  const members = state.details.get(conversationId)?.members ?? [];
  return members.find((m) => m.userId !== state.me?.id)?.userId ?? null;
}

const MEDIA_LABELS = { image: '[Image]', video: '[Video]', file: '[File]' };

/** One line for a whole message (a reply's quote): media with their caption. */
function previewOf(message) {
  if (!message) return '';
  if (message.recalled) return 'Message recalled';
  if (message.type === 'text') return message.text ?? '';
  const label = MEDIA_LABELS[message.type] ?? `[${message.type}]`;
  return message.text ? `${label} ${message.text}` : label;
}

// ---------------------------------------------------------------------------------------------------------------
// signed out: sign in and sign up

function showAuth() {
  $('app-view').hidden = true;
  $('auth-view').hidden = false;
  document.title = 'EventChat: sign in';
  $('login-name').focus();
}

$('login-form').addEventListener('submit', guarded(async (event) => {
  const form = event.target;
  await api.login(form.login.value.trim(), form.password.value);
  form.reset();
  await start();
}));

$('register-form').addEventListener('submit', guarded(async (event) => {
  const form = event.target;
  const username = form.username.value.trim();
  const password = form.password.value;
  await api.register({ username, email: form.email.value.trim(), password, nickname: form.nickname.value.trim() });
  await api.login(username, password);
  form.reset();
  await start();
}));

$('sign-out').addEventListener('click', guarded(async () => {
  await live?.stop();
  live = null;
  await api.logout();
  resetState();
  say('Signed out.');
  showAuth();
}));

api.onSignedOut = () => {
  live?.stop();
  live = null;
  resetState();
  showAuth();
  showError(new ApiError(401, { detail: 'Your session has ended: please sign in again.' }));
};

function resetState() {
  state.me = null;
  photos.clear();
  for (const map of [state.conversations, state.details, state.stores, state.friends, state.profiles, state.readers, state.typing]) {
    map.clear();
  }
  state.online.clear();
  state.current = null;
  state.replyTo = null;
  clearImage();
  $('conversation-list').replaceChildren();
  $('messages').replaceChildren();
  $('chat').hidden = true;
  $('chat-empty').hidden = false;
  document.body.classList.remove('chat-open');
}

// ---------------------------------------------------------------------------------------------------------------
// signed in

async function start() {
  state.me = await api.get('/users/me');
  $('me').textContent = state.me.nickname || state.me.username;
  $('auth-view').hidden = true;
  $('app-view').hidden = false;
  document.title = 'EventChat';
  live = new Live(api, {
    messageCreated: onMessageCreated,
    messageRecalled: onMessageRecalled,
    conversationRead: onConversationRead,
    conversationUpdated: (p) => loadConversations(p.position),
    friendRequestReceived: (p) => loadRequests(p.position),
    friendRequestAccepted: (p) => Promise.all([loadRequests(p.position), loadFriends(p.position)]).then(() => loadConversations(p.position)),
    friendRequestRejected: (p) => loadRequests(p.position),
    typing: onTyping,
    presence: onPresence,
    connected: catchUp,
    state: (text) => { $('connection').textContent = text; },
  });
  await Promise.all([loadFriends(), loadRequests(), loadBlocks()]);
  await live.start(); // catchUp runs once connected: the list and the open conversation
}

/** The README's recipe: after (re)connecting, the list, then what each held conversation missed. */
async function catchUp() {
  await Promise.all([loadConversations(), loadRequests(), loadFriends()]);
  for (const [id, store] of state.stores) {
    const item = state.conversations.get(id);
    if (item?.lastMessage && item.lastMessage.seq > store.high) await loadAfter(id);
  }
  if (state.current) renderMessages();
}

// --- conversations -----------------------------------------------------------------------------------------------

async function loadConversations(minPosition) {
  const items = [];
  let before;
  do {
    const page = await api.get('/conversations', { limit: 200, before, minPosition });
    items.push(...page.items);
    before = page.nextCursor;
  } while (before);
  state.conversations.clear();
  for (const item of items) state.conversations.set(item.id, item);
  // Direct conversations with someone who is no longer a friend are named from the conversation's members.
  await Promise.all(items
    .filter((i) => i.type === 'direct' && !otherMemberIsFriend(i.id) && !state.details.has(i.id))
    .map(async (i) => {
      state.details.set(i.id, await api.get(`/conversations/${i.id}`));
      const other = otherMember(i.id);
      if (other) await profileOf(other);
    }));
  renderConversations();
  if (state.current) renderChatHead();
}

function otherMemberIsFriend(conversationId) {
  return [...state.friends.values()].some((f) => f.conversationId === conversationId);
}

function sortedConversations() {
  return [...state.conversations.values()].sort((a, b) => {
    const at = a.lastMessage?.createdAt ?? a.updatedAt;
    const bt = b.lastMessage?.createdAt ?? b.updatedAt;
    return new Date(bt) - new Date(at);
  });
}

function renderConversations() {
  const list = $('conversation-list');
  const items = sortedConversations();
  list.replaceChildren(...items.map((item) => {
    const name = conversationName(item.id);
    const unread = item.unreadCount > 0
      ? el('span', { class: 'badge', 'data-testid': 'unread', 'aria-label': `${item.unreadCount} unread` }, String(item.unreadCount))
      : null;
    const typing = typingNames(item.id);
    const other = item.type === 'direct' ? otherMember(item.id) : null;
    return el('li', { 'data-conversation-id': item.id },
      el('button', {
        type: 'button',
        class: `conversation${item.id === state.current ? ' active' : ''}`,
        'aria-current': item.id === state.current ? 'true' : null,
        onclick: guarded(() => openConversation(item.id)),
      },
      el('span', { class: 'conversation-top' },
        el('span', { class: 'name' }, other && state.online.has(other) ? el('span', { class: 'dot', title: 'online', 'aria-label': 'online' }) : null, name),
        el('time', { dateTime: item.lastMessage?.createdAt ?? item.updatedAt }, timeOf(item.lastMessage?.createdAt ?? item.updatedAt))),
      el('span', { class: 'conversation-bottom' },
        el('span', { class: 'preview' }, typing ? `${typing} typing…` : lastLine(item)),
        unread)));
  }));
  $('no-conversations').hidden = items.length > 0;
  document.title = totalUnread() > 0 ? `(${totalUnread()}) EventChat` : 'EventChat';
}

function lastLine(item) {
  const last = item.lastMessage;
  if (!last) return item.type === 'group' ? `${item.memberCount} members` : 'No messages yet';
  const who = item.type === 'group' || last.senderId === state.me?.id ? `${displayName(last.senderId)}: ` : '';
  if (last.recalled) return `${who}Message recalled`;
  return who + (last.type === 'text' ? (last.preview ?? '') : MEDIA_LABELS[last.type] ?? `[${last.type}]`);
}

function totalUnread() {
  return [...state.conversations.values()].reduce((sum, c) => sum + (c.unreadCount || 0), 0);
}

function storeOf(id) {
  if (!state.stores.has(id)) state.stores.set(id, { messages: new Map(), low: Infinity, high: 0, hasMoreBefore: true, loaded: false });
  return state.stores.get(id);
}

function keep(store, message) {
  store.messages.set(message.seq, message);
  store.low = Math.min(store.low, message.seq);
  store.high = Math.max(store.high, message.seq);
}

async function openConversation(id) {
  if (state.current !== id) {
    seenObserver?.disconnect();
    $('messages').replaceChildren();
  }
  state.current = id;
  state.replyTo = null;
  renderReply();
  $('chat').hidden = false;
  $('chat-empty').hidden = true;
  document.body.classList.add('chat-open');
  if (!state.details.has(id)) state.details.set(id, await api.get(`/conversations/${id}`));
  renderChatHead();
  renderConversations();
  const store = storeOf(id);
  if (!store.loaded) {
    const page = await api.get(`/conversations/${id}/messages`, { limit: PAGE });
    for (const message of page.items) keep(store, message);
    store.hasMoreBefore = page.hasMore;
    store.loaded = true;
  } else {
    await loadAfter(id);
  }
  renderMessages({ toBottom: true });
  $('composer-text').focus();
}

/** Everything after the highest held seq, page by page (catch-up). */
async function loadAfter(id) {
  const store = storeOf(id);
  let more = true;
  while (more) {
    const page = await api.get(`/conversations/${id}/messages`, { afterSeq: store.high, limit: 200 });
    for (const message of page.items) keep(store, message);
    more = page.hasMore && page.items.length > 0;
  }
}

async function loadEarlier() {
  const id = state.current;
  const store = storeOf(id);
  // Not before the newest page is in (a scroll event comes when the list of the conversation left is cleared).
  if (!store.loaded || !store.hasMoreBefore || store.loadingEarlier || !Number.isFinite(store.low)) return;
  store.loadingEarlier = true;
  try {
    const scroller = $('message-scroller');
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    const page = await api.get(`/conversations/${id}/messages`, { beforeSeq: store.low, limit: PAGE });
    for (const message of page.items) keep(store, message);
    store.hasMoreBefore = page.hasMore;
    if (state.current === id) {
      renderMessages();
      scroller.scrollTop = scroller.scrollHeight - fromBottom; // keep the message that was on screen in place
    }
  } finally {
    store.loadingEarlier = false;
  }
}

function renderChatHead() {
  const id = state.current;
  if (!id) return;
  const item = state.conversations.get(id);
  $('chat-title').textContent = conversationName(id);
  const other = item?.type === 'direct' ? otherMember(id) : null;
  const detail = state.details.get(id);
  $('chat-subtitle').textContent = other
    ? (state.online.has(other) ? 'online' : '')
    : `${detail?.members?.length ?? item?.memberCount ?? ''} members`;
  renderTyping();
}

function isNearBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
}

let seenObserver = null;

function renderMessages({ toBottom = false } = {}) {
  const id = state.current;
  if (!id) return;
  const store = storeOf(id);
  const scroller = $('message-scroller');
  const stick = toBottom || isNearBottom(scroller);
  const messages = [...store.messages.values()].sort((a, b) => a.seq - b.seq);
  const othersRead = Math.max(0, ...[...(state.readers.get(id)?.entries() ?? [])]
    .filter(([userId]) => userId !== state.me.id).map(([, seq]) => seq));
  const lastOwn = messages.filter((m) => m.senderId === state.me.id && !m.recalled).at(-1);

  seenObserver?.disconnect();
  seenObserver = new IntersectionObserver(onMessagesSeen, { root: scroller, threshold: 0.6 });
  $('messages').replaceChildren(...messages.map((m) => {
    const node = messageNode(m, store, m === lastOwn && othersRead >= m.seq);
    seenObserver.observe(node);
    return node;
  }));
  $('load-earlier').hidden = !store.hasMoreBefore;
  if (stick) scroller.scrollTop = scroller.scrollHeight;
}

function messageNode(m, store, seenMarker) {
  const mine = m.senderId === state.me.id;
  const group = state.conversations.get(m.conversationId)?.type === 'group';
  const replied = m.replyToSeq ? store.messages.get(m.replyToSeq) : null;
  let body;
  if (m.recalled) {
    body = el('p', { class: 'recalled' }, mine ? 'You recalled a message' : 'Message recalled');
  } else if (m.type === 'image' && m.upload) {
    body = el('div', {},
      photo(m),
      m.text ? el('p', { class: 'text' }, m.text) : null);
  } else if (m.upload) {
    body = el('p', { class: 'text' }, el('a', { href: m.upload.url, target: '_blank', rel: 'noopener' }, `[${m.type}]`), m.text ? ` ${m.text}` : '');
  } else {
    body = el('p', { class: 'text' }, m.text ?? '');
  }
  const canRecall = mine && !m.recalled && Date.now() - new Date(m.createdAt).getTime() < RECALL_WINDOW_MS;
  return el('li', {
    class: `message${mine ? ' mine' : ''}`,
    'data-seq': m.seq,
    'data-conversation-id': m.conversationId,
    'data-testid': 'message',
    'aria-label': `${displayName(m.senderId)}, ${timeOf(m.createdAt)}`,
  },
  group && !mine ? el('span', { class: 'sender' }, displayName(m.senderId)) : null,
  m.replyToSeq ? el('blockquote', { class: 'quote' }, replied ? `${displayName(replied.senderId)}: ${previewOf(replied)}` : `Reply to message ${m.replyToSeq}`) : null,
  body,
  el('span', { class: 'meta' },
    el('time', { dateTime: m.createdAt }, timeOf(m.createdAt)),
    seenMarker ? el('span', { class: 'seen', 'data-testid': 'seen' }, ' · Seen') : null,
    m.recalled ? null : el('button', { type: 'button', class: 'link', onclick: () => startReply(m) }, 'Reply'),
    canRecall ? el('button', { type: 'button', class: 'link', onclick: guarded(() => recall(m)) }, 'Recall') : null));
}

/**
 * A message's picture: the same element on every render (the list is rebuilt on each change), so a picture is not
 * fetched and laid out again, which would flicker and move the scroll position. When it loads while the list is at its
 * bottom, the list stays there.
 */
const photos = new Map(); // upload id -> img

function photo(m) {
  let img = photos.get(m.upload.id);
  if (!img) {
    img = el('img', { class: 'photo', src: m.upload.url, alt: m.text ? `Image: ${m.text}` : 'Image' });
    const scroller = $('message-scroller');
    let wasAtBottom = true;
    img.addEventListener('load', () => {
      if (wasAtBottom) scroller.scrollTop = scroller.scrollHeight;
    });
    scroller.addEventListener('scroll', () => { wasAtBottom = isNearBottom(scroller); }, { passive: true });
    photos.set(m.upload.id, img);
  }
  return img;
}

/** Messages scrolled into view while the page is visible move the read marker forward. */
function onMessagesSeen(entries) {
  if (document.visibilityState !== 'visible') return;
  // Each element names its conversation: an entry may come from the list of the conversation just left.
  const seen = entries.filter((e) => e.isIntersecting && e.target.dataset.conversationId === state.current)
    .map((e) => Number(e.target.dataset.seq));
  if (seen.length) markRead(state.current, Math.max(...seen));
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state.current) renderMessages();
});

async function markRead(id, seq) {
  const item = state.conversations.get(id);
  const already = Math.max(item?.lastReadSeq ?? 0, state.readPosting.get(id) ?? 0);
  if (seq <= already) return;
  state.readPosting.set(id, seq);
  try {
    await api.post(`/conversations/${id}/read`, { seq });
    if (item) {
      item.lastReadSeq = Math.max(item.lastReadSeq, seq);
      item.unreadCount = Math.max(0, (item.lastMessage?.seq ?? 0) - item.lastReadSeq);
      renderConversations();
    }
  } catch (error) {
    showError(error);
  } finally {
    if (state.readPosting.get(id) === seq) state.readPosting.delete(id);
  }
}

function startReply(message) {
  state.replyTo = message;
  renderReply();
  $('composer-text').focus();
}

function renderReply() {
  const m = state.replyTo;
  $('reply-bar').hidden = !m;
  $('reply-text').textContent = m ? `Replying to ${displayName(m.senderId)}: ${previewOf(m)}` : '';
}

$('reply-cancel').addEventListener('click', () => {
  state.replyTo = null;
  renderReply();
  $('composer-text').focus();
});

async function recall(message) {
  await api.post(`/conversations/${message.conversationId}/messages/${message.seq}/recall`);
  applyRecall(message.conversationId, message.seq);
}

function applyRecall(conversationId, seq) {
  const store = state.stores.get(conversationId);
  const message = store?.messages.get(seq);
  if (message?.upload) photos.delete(message.upload.id);
  if (message && !message.recalled) {
    store.messages.set(seq, { ...message, recalled: true, text: null, upload: null });
  }
  const item = state.conversations.get(conversationId);
  if (item?.lastMessage?.seq === seq) item.lastMessage = { ...item.lastMessage, recalled: true, preview: null };
  renderConversations();
  if (state.current === conversationId) renderMessages();
}

// --- sending -----------------------------------------------------------------------------------------------------

const composerText = $('composer-text');

composerText.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('composer').requestSubmit();
  } else if (event.key === 'Escape' && state.replyTo) {
    state.replyTo = null;
    renderReply();
  }
});

composerText.addEventListener('input', () => {
  composerText.style.height = 'auto';
  composerText.style.height = `${Math.min(composerText.scrollHeight, 160)}px`;
  if (state.current && composerText.value.trim()) live?.typing(state.current);
});

$('composer-image').addEventListener('change', (event) => {
  const file = event.target.files?.[0];
  clearImage();
  if (!file) return;
  state.image = { file, url: URL.createObjectURL(file) };
  $('image-preview-img').src = state.image.url;
  $('image-preview').hidden = false;
});

$('image-remove').addEventListener('click', () => {
  clearImage();
  composerText.focus();
});

function clearImage() {
  if (state.image) URL.revokeObjectURL(state.image.url);
  state.image = null;
  $('image-preview').hidden = true;
  $('image-preview-img').removeAttribute('src');
  $('composer-image').value = '';
}

$('composer').addEventListener('submit', guarded(async () => {
  const id = state.current;
  const text = composerText.value.trim();
  if (!id || (!text && !state.image)) return;
  const send = $('send');
  send.disabled = true;
  try {
    const body = { clientMessageId: crypto.randomUUID(), type: 'text', text, replyToSeq: state.replyTo?.seq ?? null };
    if (state.image) {
      say('Uploading the image…');
      const upload = await api.upload(state.image.file);
      Object.assign(body, { type: 'image', uploadId: upload.id, text: text || null });
    }
    const message = await api.post(`/conversations/${id}/messages`, body);
    composerText.value = '';
    composerText.style.height = 'auto';
    state.replyTo = null;
    renderReply();
    clearImage();
    say('');
    addMessage(message);
  } finally {
    send.disabled = false;
    composerText.focus();
  }
}));

/** A message from our own send or from a push: kept once (by seq), the list updated. */
function addMessage(message) {
  const id = message.conversationId;
  const store = state.stores.get(id);
  const fresh = !store?.messages.has(message.seq);
  if (store?.loaded) {
    if (message.seq > store.high + 1) {
      // A gap (a push missed while reconnecting): fetch what lies between.
      loadAfter(id).then(() => state.current === id && renderMessages()).catch(showError);
    }
    keep(store, message);
  }
  const item = state.conversations.get(id);
  if (!item) {
    loadConversations(message.position).catch(showError);
    return;
  }
  if (!item.lastMessage || message.seq >= item.lastMessage.seq) {
    item.lastMessage = { seq: message.seq, senderId: message.senderId, type: message.type, preview: message.type === 'text' ? message.text : `[${message.type}]`, recalled: message.recalled, createdAt: message.createdAt };
    item.updatedAt = message.createdAt;
  }
  if (message.senderId === state.me.id) {
    item.lastReadSeq = Math.max(item.lastReadSeq, message.seq); // sending moves one's own marker
  }
  if (fresh) item.unreadCount = Math.max(0, (item.lastMessage?.seq ?? 0) - item.lastReadSeq);
  clearTyping(id, message.senderId);
  renderConversations();
  if (state.current === id) renderMessages({ toBottom: message.senderId === state.me.id });
}

// --- pushes ------------------------------------------------------------------------------------------------------

function onMessageCreated(message) {
  addMessage(message);
}

function onMessageRecalled({ conversationId, seq }) {
  applyRecall(conversationId, seq);
}

function onConversationRead({ conversationId, userId, seq }) {
  if (userId === state.me.id) {
    // Our own marker, moved here or on another device.
    const item = state.conversations.get(conversationId);
    if (item && seq > item.lastReadSeq) {
      item.lastReadSeq = seq;
      item.unreadCount = Math.max(0, (item.lastMessage?.seq ?? 0) - seq);
      renderConversations();
    }
    return;
  }
  if (!state.readers.has(conversationId)) state.readers.set(conversationId, new Map());
  const readers = state.readers.get(conversationId);
  readers.set(userId, Math.max(readers.get(userId) ?? 0, seq));
  if (state.current === conversationId) renderMessages();
}

function onTyping({ conversationId, userId }) {
  if (userId === state.me.id) return;
  if (!state.typing.has(conversationId)) state.typing.set(conversationId, new Map());
  const people = state.typing.get(conversationId);
  clearTimeout(people.get(userId));
  people.set(userId, setTimeout(() => clearTyping(conversationId, userId), TYPING_SHOWN_MS));
  renderTyping();
  renderConversations();
}

function clearTyping(conversationId, userId) {
  const people = state.typing.get(conversationId);
  if (!people?.has(userId)) return;
  clearTimeout(people.get(userId));
  people.delete(userId);
  renderTyping();
  renderConversations();
}

function typingNames(conversationId) {
  const people = [...(state.typing.get(conversationId)?.keys() ?? [])];
  return people.length ? people.map(displayName).join(', ') + (people.length > 1 ? ' are' : ' is') : '';
}

function renderTyping() {
  const names = state.current ? typingNames(state.current) : '';
  $('typing').textContent = names ? `${names} typing…` : '';
}

function onPresence({ userId, online }) {
  if (online) state.online.add(userId);
  else state.online.delete(userId);
  renderFriends();
  renderConversations();
  if (state.current) renderChatHead();
}

// --- people: search, requests, friends, blocks -------------------------------------------------------------------

function showTab(name) {
  const chats = name === 'chats';
  $('chats-panel').hidden = !chats;
  $('people-panel').hidden = chats;
  $('tab-chats').setAttribute('aria-pressed', String(chats));
  $('tab-people').setAttribute('aria-pressed', String(!chats));
  document.body.classList.remove('chat-open');
}

$('tab-chats').addEventListener('click', () => showTab('chats'));
$('tab-people').addEventListener('click', () => showTab('people'));
$('chat-back').addEventListener('click', () => {
  document.body.classList.remove('chat-open');
  $(`tab-chats`).focus();
});

$('search-form').addEventListener('submit', guarded(async () => {
  const q = $('search-input').value.trim();
  if (!q) return;
  const result = await api.get('/users', { search: q, limit: 20 });
  const people = result.items.filter((p) => p.id !== state.me.id);
  $('search-results').replaceChildren(...(people.length ? people.map((p) => {
    state.profiles.set(p.id, p);
    const action = state.friends.has(p.id)
      ? el('span', { class: 'hint' }, 'Friend')
      : el('button', { type: 'button', onclick: guarded(async (e) => {
        await api.post('/friend-requests', { toUserId: p.id });
        e.target.replaceWith(el('span', { class: 'hint' }, 'Request sent'));
        await loadRequests();
      }) }, 'Add friend');
    return el('li', { 'data-user-id': p.id }, personLabel(p), action);
  }) : [el('li', { class: 'hint' }, 'No one found.')]));
}));

function personLabel(p) {
  const nickname = p.nickname && p.nickname !== p.username ? p.nickname : null;
  return el('span', { class: 'person' }, nickname ? `${nickname} ` : '', el('span', { class: 'username' }, `@${p.username}`));
}

async function loadRequests(minPosition) {
  const [incoming, outgoing] = await Promise.all([
    api.get('/friend-requests', { direction: 'incoming', status: 'pending', minPosition }),
    api.get('/friend-requests', { direction: 'outgoing', status: 'pending', minPosition }),
  ]);
  await Promise.all([...incoming.items.map((r) => profileOf(r.fromUserId)), ...outgoing.items.map((r) => profileOf(r.toUserId))]);
  state.incoming = incoming.items;
  $('incoming-requests').replaceChildren(...incoming.items.map((r) => el('li', { 'data-request-id': r.id },
    el('span', {}, personLabel(state.profiles.get(r.fromUserId)), r.message ? el('q', {}, r.message) : null),
    el('span', { class: 'row' },
      el('button', { type: 'button', onclick: guarded(async () => {
        const answer = await api.post(`/friend-requests/${r.id}/accept`);
        await Promise.all([loadRequests(answer.position), loadFriends(answer.position)]);
        await loadConversations(answer.position);
      }) }, 'Accept'),
      el('button', { type: 'button', onclick: guarded(async () => {
        const answer = await api.post(`/friend-requests/${r.id}/reject`);
        await loadRequests(answer.position);
      }) }, 'Reject')))));
  $('outgoing-requests').replaceChildren(...outgoing.items.map((r) => el('li', { 'data-request-id': r.id },
    el('span', {}, 'To ', personLabel(state.profiles.get(r.toUserId))),
    el('button', { type: 'button', onclick: guarded(async () => {
      await api.post(`/friend-requests/${r.id}/cancel`);
      await loadRequests();
    }) }, 'Cancel'))));
  const badge = $('requests-badge');
  badge.textContent = String(incoming.items.length);
  badge.setAttribute('aria-label', `${incoming.items.length} friend requests`);
  badge.hidden = incoming.items.length === 0;
}

async function loadFriends(minPosition) {
  const friends = [];
  let before;
  do {
    const page = await api.get('/friends', { limit: 200, before, minPosition });
    friends.push(...page.items);
    before = page.nextCursor;
  } while (before);
  state.friends.clear();
  for (const friend of friends) state.friends.set(friend.userId, friend);
  renderFriends();
  renderConversations();
}

function renderFriends() {
  const friends = [...state.friends.values()].sort((a, b) => displayName(a.userId).localeCompare(displayName(b.userId)));
  $('friend-list').replaceChildren(...friends.map((f) => el('li', { 'data-user-id': f.userId },
    el('span', { class: 'person' },
      el('span', { class: state.online.has(f.userId) ? 'dot' : 'dot off', 'aria-hidden': 'true' }),
      displayName(f.userId), ' ', el('span', { class: 'username' }, `@${f.username}`),
      el('span', { class: 'visually-hidden' }, state.online.has(f.userId) ? ' (online)' : '')),
    el('span', { class: 'row' },
      f.conversationId ? el('button', { type: 'button', onclick: guarded(async () => {
        showTab('chats');
        if (!state.conversations.has(f.conversationId)) await loadConversations();
        await openConversation(f.conversationId);
      }) }, 'Message') : null,
      el('button', { type: 'button', onclick: () => editRemark(f) }, 'Remark'),
      el('button', { type: 'button', onclick: guarded(async () => {
        await api.put(`/blocks/${f.userId}`);
        await loadBlocks();
      }) }, 'Block')))));
  renderGroupChoices();
}

function editRemark(friend) {
  const item = $('friend-list').querySelector(`[data-user-id="${friend.userId}"]`);
  const inputId = `remark-${friend.userId}`;
  const form = el('form', { class: 'row remark-form', onsubmit: guarded(async () => {
    await api.put(`/friends/${friend.userId}/remark`, { remark: form.remark.value.trim() });
    await loadFriends();
    renderConversations();
  }) },
  el('label', { for: inputId }, `Remark for @${friend.username}`),
  el('input', { id: inputId, name: 'remark', maxLength: 64, value: friend.remark ?? '' }),
  el('button', { type: 'submit' }, 'Save'));
  item.append(form);
  form.remark.focus();
}

async function loadBlocks() {
  const blocks = await api.get('/blocks', { limit: 200 });
  $('block-list').replaceChildren(...blocks.items.map((b) => el('li', { 'data-user-id': b.userId },
    personLabel({ username: b.username, nickname: b.nickname }),
    el('button', { type: 'button', onclick: guarded(async () => {
      await api.delete(`/blocks/${b.userId}`);
      await loadBlocks();
    }) }, 'Unblock'))));
}

// --- groups ------------------------------------------------------------------------------------------------------

function renderGroupChoices() {
  $('group-members').replaceChildren(...[...state.friends.values()].map((f) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'member', value: f.userId }), ` ${displayName(f.userId)}`)));
}

$('new-group').addEventListener('click', () => {
  $('group-form').hidden = false;
  $('group-name').focus();
});
$('group-cancel').addEventListener('click', () => {
  $('group-form').hidden = true;
  $('new-group').focus();
});
$('group-form').addEventListener('submit', guarded(async (event) => {
  const form = event.target;
  const memberIds = [...form.querySelectorAll('input[name=member]:checked')].map((i) => i.value);
  const group = await api.post('/conversations', { type: 'group', name: form.name.value.trim(), memberIds });
  form.reset();
  form.hidden = true;
  await loadConversations(group.position);
  await openConversation(group.id);
}));

$('load-earlier').addEventListener('click', guarded(loadEarlier));
$('message-scroller').addEventListener('scroll', () => {
  if ($('message-scroller').scrollTop < 40 && state.current) loadEarlier().catch(showError);
});

// ---------------------------------------------------------------------------------------------------------------
// boot: a stored login is rotated once (proving it is still alive), else the sign-in form

async function boot() {
  if (!api.signedIn) {
    showAuth();
    return;
  }
  try {
    await api.refresh();
    await start();
  } catch (error) {
    if (!api.signedIn) {
      showAuth();
    } else {
      showError(error);
    }
  }
}

boot();
