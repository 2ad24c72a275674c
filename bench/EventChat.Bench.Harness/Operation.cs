namespace EventChat.Bench.Harness;

/// <summary>
/// One operation of a worker: one append, one request, one page. Returns how many items it carried (events
/// of a 100-event append, events of a page); 1 when an operation is one item.
/// </summary>
public delegate ValueTask<int> Operation(CancellationToken cancellationToken);
