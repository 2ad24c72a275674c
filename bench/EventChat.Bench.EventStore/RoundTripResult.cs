namespace EventChat.Bench.EventStore;

/// <summary>Client-to-server flights and server statements per operation, from sequential operations through <see cref="RoundTripProbe"/>.</summary>
public sealed record RoundTripResult(string Operation, int Operations, double RoundTripsPerOperation, double StatementsPerOperation, double CommitsPerOperation);
