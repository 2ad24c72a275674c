using EventChat.Domain.Common;

namespace EventChat.Domain.Uploads;

/// <summary>The client's file name as metadata: no directories, no control or bidi characters, NFKC, at most 255 characters.</summary>
public static class UploadFileName
{
    public const int MaxLength = 255;

    public static string Clean(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(UserText.Normalize(name).Where(c => !char.IsControl(c) && !UserText.IsBidiControl(c)).ToArray()).Trim();
        name = name.TrimStart('.');
        if (name.Length > MaxLength)
        {
            name = name[..MaxLength];
        }

        return name.Length == 0 ? "file" : name;
    }
}
