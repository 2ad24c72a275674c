namespace EventChat.Projections.Engine;

/// <summary>Binary search over items held in ascending log position (the shared log reader's tail, the recent event types).</summary>
internal static class PositionSearch
{
    /// <summary>The index of the first item with a position after <paramref name="position"/> (the count when none is).</summary>
    public static int FirstAfter<T>(List<T> items, long position, Func<T, long> positionOf)
    {
        int low = 0, high = items.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (positionOf(items[middle]) <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
