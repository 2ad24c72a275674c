namespace EventChat.Application.Abstractions;

/// <summary>
/// The read models a query reads. Read-your-writes (<see cref="IReadModelConsistency"/>) waits only for the
/// projections that write them: a read of a conversation's messages does not wait for the users projection, nor does
/// it cut short the batching of projections it does not read (docs/messaging.md, "Thirteenth session").
/// </summary>
[Flags]
public enum ReadModelSet
{
    None = 0,

    /// <summary>Profiles (rm_users).</summary>
    Users = 1,

    /// <summary>Ended sessions, which the access-token check reads.</summary>
    Sessions = 2,

    /// <summary>Friendships, blocks and friend requests.</summary>
    Friends = 4,

    /// <summary>Conversations, their members and messages (MySQL).</summary>
    Conversations = 8,

    /// <summary>Each user's conversation order, read markers and unread counts (Redis).</summary>
    ConversationInbox = 16,

    /// <summary>Uploads not yet sent in a message.</summary>
    Uploads = 32,

    All = Users | Sessions | Friends | Conversations | ConversationInbox | Uploads,
}
