using EventChat.Domain.Uploads;

namespace EventChat.Domain.Tests.Uploads;

/// <summary>The type of a file is its first bytes: each magic number, near misses, and headers too short to tell.</summary>
public sealed class ContentSnifferTests
{
    public static TheoryData<string, byte[], string> KnownHeaders() => new()
    {
        { "JPEG (JFIF)", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8], "image/jpeg" },
        { "JPEG (Exif), the bare marker", [0xFF, 0xD8, 0xFF], "image/jpeg" },
        { "PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "image/png" },
        { "GIF 87a", [.. "GIF87a"u8, 0x01, 0x00], "image/gif" },
        { "GIF 89a", [.. "GIF89a"u8, 0x01, 0x00], "image/gif" },
        { "WebP", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8], "image/webp" },
        { "MP4 (isom)", [0x00, 0x00, 0x00, 0x18, .. "ftypisom"u8], "video/mp4" },
        { "MP4 (mp42)", [0x00, 0x00, 0x00, 0x20, .. "ftypmp42"u8], "video/mp4" },
        { "QuickTime", [0x00, 0x00, 0x00, 0x14, .. "ftypqt  "u8], "video/quicktime" },
        { "WebM", [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, .. "webm"u8], "video/webm" },
        { "Matroska", [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88, .. "matroska"u8], "video/x-matroska" },
        { "PDF", [.. "%PDF-1.7\n"u8], "application/pdf" },
    };

    [Theory]
    [MemberData(nameof(KnownHeaders))]
    public void Each_magic_number_is_its_type(string kind, byte[] header, string expected)
    {
        ContentSniffer.Sniff(header).Should().Be(expected, kind);

        // Whatever follows the magic number (the rest of the first 64 bytes) changes nothing.
        var padded = header.Concat(Enumerable.Repeat((byte)0x20, ContentSniffer.HeaderLength)).Take(Math.Max(header.Length, ContentSniffer.HeaderLength)).ToArray();
        ContentSniffer.Sniff(padded).Should().Be(expected, kind + ", padded to the header length");
    }

    public static TheoryData<string, byte[]> UnknownHeaders() => new()
    {
        { "an MZ executable (Windows PE)", [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF] },
        { "an ELF executable", [0x7F, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x01, 0x00] },
        { "a shell script", "#!/bin/sh\nrm -rf /\n"u8.ToArray() },
        { "HTML", "<!DOCTYPE html><html>"u8.ToArray() },
        { "a ZIP archive", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] },
        { "RIFF that is not WebP (WAVE)", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WAVEfmt "u8] },
        { "GIF with an unknown version", [.. "GIF88a"u8, 0x01, 0x00] },
        { "a PNG signature with one byte changed", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0B] },
        { "JPEG's marker not at the start", [0x00, 0xFF, 0xD8, 0xFF, 0xE0] },
    };

    [Theory]
    [MemberData(nameof(UnknownHeaders))]
    public void Anything_else_is_unknown(string kind, byte[] header)
    {
        ContentSniffer.Sniff(header).Should().BeNull(kind);
    }

    public static TheoryData<string, byte[]> TooShort() => new()
    {
        { "nothing", [] },
        { "one byte of a JPEG", [0xFF] },
        { "two bytes of a JPEG", [0xFF, 0xD8] },
        { "seven bytes of a PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A] },
        { "five bytes of a GIF", "GIF89"u8.ToArray() },
        { "RIFF and a size, no WEBP", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00] },
        { "RIFF, a size and half of WEBP", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WE"u8] },
        { "a box size and ftyp, no brand", [0x00, 0x00, 0x00, 0x18, .. "ftyp"u8] },
        { "a box size, ftyp and half a brand", [0x00, 0x00, 0x00, 0x18, .. "ftypis"u8] },
        { "three bytes of EBML", [0x1A, 0x45, 0xDF] },
        { "four bytes of a PDF", "%PDF"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(TooShort))]
    public void A_header_too_short_to_hold_a_whole_magic_number_is_unknown(string kind, byte[] header)
    {
        ContentSniffer.Sniff(header).Should().BeNull(kind);
    }
}
