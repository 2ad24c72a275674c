using Hangfire.Storage;

namespace EventChat.IntegrationTests.Operations;

public static class HangfireStates
{
    /// <summary>Runs a wait; when it times out, the message says where the job is.</summary>
    public static async Task ExplainTimeoutAsync(IMonitoringApi jobs, string jobId, Func<Task> wait)
    {
        ArgumentNullException.ThrowIfNull(wait);
        try
        {
            await wait();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; job {jobId}: {Describe(jobs, jobId)}", ex);
        }
    }

    /// <summary>A job's states, newest first, with their reasons (for failure messages).</summary>
    public static string Describe(IMonitoringApi jobs, string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var details = jobs.JobDetails(jobId);
        var servers = string.Join("; ", jobs.Servers().Select(s => $"{s.Name} queues={string.Join(",", s.Queues)} workers={s.WorkersCount}"));
        var queues = string.Join("; ", jobs.Queues().Select(q => $"{q.Name}={q.Length}"));
        return $"servers: {servers}; queues: {queues}; " + (details is null
            ? "(no such job)"
            : string.Join(" <- ", details.History.Select(h => $"{h.StateName} ({h.Reason}) {string.Join(", ", h.Data.Select(d => $"{d.Key}={d.Value}"))}")));
    }
}
