using EventChat.Application.Abstractions;

namespace EventChat.Api.Common;

/// <summary>
/// How many refused requests (4xx) may write a request line: a bucket of <see cref="Burst"/> lines that refills at
/// <see cref="LinesPerSecond"/>. Without it a client spraying bad tokens, or a script hammering a missing route, wrote
/// a line per request and could fill the 14 × 20 MB of log files in minutes, pushing out the lines that matter. The
/// refusals beyond the budget are logged at Debug (so <c>LOG_LEVEL=Debug</c> still shows every one), and the next line
/// written carries <c>RefusalsNotLogged</c>, the number left out since the one before it. Every request is still counted
/// in <c>http_requests_total</c> and in nginx's access log. Failures and slow requests are never held back.
/// </summary>
public sealed class RefusalLogBudget(IClock clock)
{
    /// <summary>Lines written at once after a quiet spell.</summary>
    public const int Burst = 100;

    /// <summary>Lines per second under a sustained flood: about 86,000 lines (some 40 MB) a day.</summary>
    public const double LinesPerSecond = 10;

    private readonly Lock _lock = new();
    private double _lines = Burst;
    private DateTimeOffset _refilledAt = clock.UtcNow;
    private long _notLogged;

    /// <summary>
    /// Takes one line from the budget. True when the refusal may be written; then <paramref name="notLoggedBefore"/> is
    /// the number of refusals not written since the previous line (0 when none).
    /// </summary>
    public bool TryTake(out long notLoggedBefore)
    {
        var now = clock.UtcNow;
        lock (_lock)
        {
            var elapsed = (now - _refilledAt).TotalSeconds;
            if (elapsed > 0)
            {
                _lines = Math.Min(Burst, _lines + (elapsed * LinesPerSecond));
                _refilledAt = now;
            }

            if (_lines < 1)
            {
                _notLogged++;
                notLoggedBefore = 0;
                return false;
            }

            _lines--;
            notLoggedBefore = _notLogged;
            _notLogged = 0;
            return true;
        }
    }
}
