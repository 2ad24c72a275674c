namespace EventChat.Application.Uploads;

/// <summary>The answer of <c>POST /api/uploads</c>: the stored file, and a URL that serves it until <see cref="UrlExpiresAt"/>.</summary>
public sealed record UploadView(Guid Id, string ContentType, long Size, string FileName, string Url, DateTimeOffset UrlExpiresAt);
