namespace EventChat.Application.Abstractions.Realtime;

/// <summary>The server-to-client methods of the hub, spelled as the API contract spells them.</summary>
public static class ChatMethods
{
    public const string MessageCreated = "messageCreated";
    public const string MessageRecalled = "messageRecalled";
    public const string ConversationRead = "conversationRead";
    public const string ConversationUpdated = "conversationUpdated";
    public const string FriendRequestReceived = "friendRequestReceived";
    public const string FriendRequestAccepted = "friendRequestAccepted";
    public const string FriendRequestRejected = "friendRequestRejected";
    public const string Typing = "typing";
    public const string Presence = "presence";
}
