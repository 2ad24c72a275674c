namespace EventChat.Bench.EventStore;

/// <summary>The database server and the settings that decide what a commit costs.</summary>
public sealed record ServerInfo(
    string Version,
    int InnodbFlushLogAtTrxCommit,
    int SyncBinlog,
    bool BinaryLog,
    long InnodbBufferPoolBytes,
    int InnodbAutoincLockMode,
    string InnodbFlushMethod,
    string DefaultIsolation);
