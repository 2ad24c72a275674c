using EventChat.Domain.Uploads;

namespace EventChat.Domain.Tests.Uploads;

/// <summary>The client's file name, kept as metadata only: no directories, no control, NUL or bidi characters, never empty.</summary>
public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("/var/www/index.png", "index.png")]
    [InlineData("C:\\Users\\ann\\Pictures\\holiday.png", "holiday.png")]
    [InlineData("..\\..\\windows\\system32\\cat.gif", "cat.gif")]
    [InlineData("mixed/dirs\\and/names.webm", "names.webm")]
    [InlineData("./.hidden.png", "hidden.png")]
    [InlineData("...png", "png")]
    public void Directories_and_leading_dots_are_dropped(string sent, string kept)
    {
        UploadFileName.Clean(sent).Should().Be(kept);
    }

    [Theory]
    [InlineData("pho\u0000to.png", "photo.png")]
    [InlineData("a\tb\r\nc.png", "abc.png")]
    [InlineData("bell\u0007.gif", "bell.gif")]
    [InlineData("del\u007F.gif", "del.gif")]
    [InlineData("c1\u0085\u009B.gif", "c1.gif")]
    public void Control_characters_and_NUL_are_removed(string sent, string kept)
    {
        UploadFileName.Clean(sent).Should().Be(kept);
    }

    [Theory]
    [InlineData("\u202Egnp.exe", "gnp.exe")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("\u202Aa\u202Bb\u202Cc\u202Dd.png", "abcd.png")]
    [InlineData("\u2066x\u2067y\u2068z\u2069.jpg", "xyz.jpg")]
    [InlineData("\u200Eleft\u200Fright\u061C.png", "leftright.png")]
    public void Bidirectional_formatting_characters_are_removed(string sent, string kept)
    {
        UploadFileName.Clean(sent).Should().Be(kept);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/")]
    [InlineData("uploads/")]
    [InlineData("C:\\")]
    [InlineData("\u0000")]
    [InlineData("\u202E\u0000\t")]
    [InlineData("...")]
    [InlineData("../..")]
    public void A_name_empty_after_cleaning_becomes_file(string? sent)
    {
        UploadFileName.Clean(sent).Should().Be("file");
    }

    [Fact]
    public void Names_are_nfkc_trimmed_and_at_most_255_characters()
    {
        UploadFileName.Clean("\uFF50\uFF48\uFF4F\uFF54\uFF4F.png").Should().Be("photo.png", "full-width letters are the letters they stand for");
        UploadFileName.Clean("  spaced name.png  ").Should().Be("spaced name.png");
        UploadFileName.Clean(new string('a', 300) + ".png").Should().Be(new string('a', UploadFileName.MaxLength));
        UploadFileName.Clean("日本語の写真.jpg").Should().Be("日本語の写真.jpg", "letters of any script stay");
    }
}
