using EventChat.Projections.Engine;

namespace EventChat.Projections.Audit;

/// <summary>
/// What a verify found: each MySQL projection replayed from position 0 to its live checkpoint and compared, table by
/// table and row by row, with its live tables as they stood at that checkpoint. <see cref="Differences"/> holds at
/// most <see cref="ReadModelVerifier.MaxDifferencesPerTable"/> rows per table; <see cref="DifferenceCount"/> counts all.
/// </summary>
public sealed record VerifyReport(
    long DifferenceCount,
    IReadOnlyList<ProjectionVerification> Projections,
    IReadOnlyList<VerifyDifference> Differences,
    IReadOnlyList<string> NotVerified,
    double Seconds);

/// <summary>One projection: the checkpoint compared at, the events replayed (and parked by the replay), and its tables.</summary>
public sealed record ProjectionVerification(string Projection, long Position, long AppliedEvents, int ParkedEvents, IReadOnlyList<TableVerification> Tables);

/// <summary>
/// One table: its rows in the replay, and how many rows differ (<see cref="Truncated"/> when the report lists only some).
/// <see cref="NotCompared"/>: rows the live read model moved past the compared position meanwhile (the Redis inbox only;
/// a MySQL table is compared inside one snapshot).
/// </summary>
public sealed record TableVerification(string Table, long ReplayedRows, long Differences, bool Truncated)
{
    public long NotCompared { get; init; }
}

/// <summary>
/// One row that differs. <see cref="Kind"/>: <c>missing-in-live</c> (the replay has the row, the live table does not),
/// <c>only-in-live</c> (the live table has a row the replay does not make) or <c>different</c> (both have the key; the
/// columns that differ are listed). <see cref="Key"/>: the primary key's columns and values. For a missing row every
/// column is listed with the one side's value.
/// </summary>
public sealed record VerifyDifference(
    string Projection, string Table, string Kind, IReadOnlyDictionary<string, string?> Key, IReadOnlyList<ColumnDifference> Columns)
{
    public const string MissingInLive = "missing-in-live";
    public const string OnlyInLive = "only-in-live";
    public const string Different = "different";
}

/// <summary>A column's value in the live table and in the replay, as the database renders it (<c>CAST(… AS CHAR)</c>); null for NULL.</summary>
public sealed record ColumnDifference(string Column, string? Live, string? Replayed);

/// <summary>Where a verify stands: projection <see cref="Index"/> of <see cref="Count"/>, replayed to <see cref="Position"/> of <see cref="Target"/>.</summary>
public sealed record VerifyProgress(string Projection, int Index, int Count, long Position, long Target, string Step)
{
    public double Fraction => Count == 0 ? 1 : Math.Min(1, (Index + (Target <= 0 ? 1 : (double)Position / Target)) / Count);

    /// <summary>The replay's progress reported as a verify's step <paramref name="index"/> of <paramref name="count"/> (null without a listener).</summary>
    public static IProgress<RebuildProgress>? Replaying(IProgress<VerifyProgress>? progress, string projection, int index, int count) =>
        progress is null ? null : new SynchronousProgress<RebuildProgress>(p => progress.Report(new VerifyProgress(projection, index, count, p.Position, p.Target, "replaying")));

    public override string ToString() =>
        $"{(int)(Fraction * 100)}%: {Projection} ({Index + 1} of {Count}) {Step} {Position:N0} of {Target:N0}";
}
