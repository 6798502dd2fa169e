namespace AdminPortal.Rooms;

/// <summary>Finds the running room a typed room id is probably a typo of.</summary>
public static class RoomSimilarity
{
    /// <summary>Ids shorter than this are only matched when they differ in case: two edits would make almost anything match.</summary>
    public const int MinLengthForEdits = 4;

    public const int MaxEdits = 2;

    /// <summary>
    /// The running id equal to <paramref name="typed"/> but for case, or else the nearest within <see cref="MaxEdits"/> edits (letters
    /// swapped count as one), ignoring case; null when none resembles it. An id equal to the typed one is not a suggestion.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> running)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var id in running.Where(id => !string.Equals(id, typed, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var distance = string.Equals(id, typed, StringComparison.OrdinalIgnoreCase) ? 0
                : typed.Length >= MinLengthForEdits && id.Length >= MinLengthForEdits ? Distance(typed, id, MaxEdits + 1)
                : int.MaxValue;
            if (distance <= MaxEdits && distance < bestDistance)
            {
                (best, bestDistance) = (id, distance);
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance, ignoring case, stopping at <paramref name="cap"/> (ids differing more in length are not compared).</summary>
    internal static int Distance(string a, string b, int cap)
    {
        if (Math.Abs(a.Length - b.Length) >= cap)
        {
            return cap;
        }
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var rows = new int[3][];
        for (var r = 0; r < 3; r++)
        {
            rows[r] = new int[b.Length + 1];
        }
        for (var j = 0; j <= b.Length; j++)
        {
            rows[1][j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            var (before, previous, current) = (rows[(i + 2) % 3], rows[i % 3], rows[(i + 1) % 3]);
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], before[j - 2] + 1);
                }
            }
        }
        return Math.Min(rows[(a.Length + 1) % 3][b.Length], cap);
    }
}
