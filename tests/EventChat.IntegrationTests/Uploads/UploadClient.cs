using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EventChat.IntegrationTests.Uploads;

public sealed record UploadDto(Guid Id, string ContentType, long Size, string FileName, string Url, DateTimeOffset UrlExpiresAt, long Position);

/// <summary>Uploads as a client sends them (multipart/form-data, one part <c>file</c>), and sample files of each type.</summary>
public static class UploadClient
{
    /// <summary>A client of the signed-in user that does not follow redirects (the 302 is what is tested).</summary>
    public static HttpClient NoRedirects(ApiFactory factory, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] content, string fileName, string declaredType, string partName = "file")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        form.Add(file, partName, fileName);
        return await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), form);
    }

    public static async Task<UploadDto> UploadAsync(HttpClient client, byte[] content, string fileName, string declaredType)
    {
        using var response = await PostAsync(client, content, fileName, declaredType);
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<UploadDto>())!;
    }

    /// <summary>A file of <paramref name="type"/>: its magic number, then random bytes.</summary>
    public static byte[] Sample(string type, int length = 4096)
    {
        byte[] magic = type switch
        {
            "image/jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00],
            "image/png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            "image/gif" => "GIF89a"u8.ToArray(),
            "video/mp4" => [0x00, 0x00, 0x00, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'],
            "video/webm" => [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, (byte)'w', (byte)'e', (byte)'b', (byte)'m'],
            "application/x-msdownload" => [(byte)'M', (byte)'Z', 0x90, 0x00],
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        var bytes = RandomNumberGenerator.GetBytes(Math.Max(length, magic.Length));
        magic.CopyTo(bytes, 0);
        return bytes;
    }

    public static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
}
