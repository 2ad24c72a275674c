using EventChat.Domain.Accounts;
using EventChat.Domain.Common;

namespace EventChat.Domain.Tests.Common;

public sealed class UserTextTests
{
    [Fact]
    public void Nfkc_works_for_non_ascii_text_in_this_runtime()
    {
        // Under InvariantGlobalization=true, string.Normalize silently returns its input: this is the canary.
        UserText.NormalizationWorks.Should().BeTrue();
        UserText.Normalize("\uFF46\uFF55\uFF4C\uFF4C\uFF57\uFF49\uFF44\uFF54\uFF48").Should().Be("fullwidth");
        UserText.Normalize("\uFB01le").Should().Be("file");
    }

    [Fact]
    public void Username_key_folds_full_width_and_case_to_one_claim_stream()
    {
        UniqueValueClaim.StreamFor(UniqueValueKinds.Username, "\uFF21nn_1").Id.Should().Be(UniqueValueClaim.StreamFor(UniqueValueKinds.Username, "ann_1").Id);
        UserText.UsernameKey(" \uFF21NN ").Should().Be("ann");
    }

    [Fact]
    public void Email_key_is_nfkc_trimmed_and_lower_case_also_for_capital_sharp_s()
    {
        UserText.NormalizeEmail(" STRA\u1E9EE@Example.Test ").Should().Be("stra\u00DFe@example.test");
        UniqueValueClaim.StreamFor(UniqueValueKinds.Email, "stra\u1E9Ee@example.test").Id
            .Should().Be(UniqueValueClaim.StreamFor(UniqueValueKinds.Email, "STRA\u00DFE@EXAMPLE.TEST".ToLowerInvariant()).Id);
        UniqueValueClaim.StreamFor(UniqueValueKinds.Email, "\uFF41nn@example.test").Id
            .Should().Be(UniqueValueClaim.StreamFor(UniqueValueKinds.Email, "Ann@Example.test").Id);
    }

    [Theory]
    [InlineData("ab\n")]
    [InlineData("a\u0007b")]
    [InlineData("\u202Enimda")]
    [InlineData("x\u2066y")]
    [InlineData("x\u200Fy")]
    [InlineData("x\u061Cy")]
    [InlineData("x\u0085y")]
    public void Control_and_bidi_characters_are_forbidden_in_single_line_fields(string value) =>
        UserText.HasForbiddenCharacters(value).Should().BeTrue();

    [Fact]
    public void Multi_line_fields_take_line_feeds_but_nothing_else_invisible()
    {
        UserText.HasForbiddenCharacters("line one\nline two", multiLine: true).Should().BeFalse();
        UserText.HasForbiddenCharacters("line one\r\nline two", multiLine: true).Should().BeTrue();
        UserText.HasForbiddenCharacters("\u202Eevil", multiLine: true).Should().BeTrue();
        UserText.HasForbiddenCharacters("Zoë 😀 مرحبا", multiLine: false).Should().BeFalse();
    }
}
