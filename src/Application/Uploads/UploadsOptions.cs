namespace EventChat.Application.Uploads;

/// <summary>Upload settings from the environment (UPLOAD_MAX_SIZE, UPLOAD_ALLOWED_TYPES).</summary>
public sealed record UploadsOptions(long MaxSize, IReadOnlyList<string> AllowedTypes)
{
    public bool Allows(string contentType) => AllowedTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase);
}
