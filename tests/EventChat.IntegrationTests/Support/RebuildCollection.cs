namespace EventChat.IntegrationTests.Support;

/// <summary>
/// The tests that rebuild projections of the shared test database run alone, after the parallel tests: a rebuild
/// pauses the live projection while it swaps its tables in, and every other test's read-your-writes wait (5 s) on
/// that projection counted the pause (a 404 for a profile just written, seen in the fresh clone under load).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RebuildCollection
{
    public const string Name = "rebuilds of the shared database";
}
