using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Conversations;
using EventChat.IntegrationTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventChat.IntegrationTests.WebClient;

/// <summary>
/// The web client at /app (docs/web-client.md), driven in Debian's chromium by Playwright: two people in two browser
/// contexts, everything they see arriving without a reload, and no script error anywhere. Screenshots of each step go
/// to .local/test-results/web-client/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebClientTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct-horse-battery";

    /// <summary>A small PNG drawn in the page (hills under a sun), as base64.</summary>
    private const string DrawPicture =
        """
        () => {
          const canvas = document.createElement('canvas');
          canvas.width = 320;
          canvas.height = 200;
          const g = canvas.getContext('2d');
          const sky = g.createLinearGradient(0, 0, 0, 200);
          sky.addColorStop(0, '#4f9fe0');
          sky.addColorStop(1, '#d4ecf7');
          g.fillStyle = sky;
          g.fillRect(0, 0, 320, 200);
          g.fillStyle = '#ffc94a';
          g.beginPath();
          g.arc(250, 60, 28, 0, Math.PI * 2);
          g.fill();
          g.fillStyle = '#2d8a4e';
          g.beginPath();
          g.moveTo(0, 200);
          g.quadraticCurveTo(90, 100, 180, 170);
          g.quadraticCurveTo(250, 120, 320, 150);
          g.lineTo(320, 200);
          g.fill();
          return canvas.toDataURL('image/png').split(',')[1];
        }
        """;

    [Fact]
    public async Task The_app_is_served_at_app_with_a_policy_that_allows_no_inline_script()
    {
        // A plain client on the real port, which shows redirects as they are.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = browser.Api.BaseAddress };

        using var bare = await client.GetAsync("/app");
        bare.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        bare.Headers.Location!.ToString().Should().EndWith("/app/");

        using var index = await client.GetAsync("/app/");
        await index.ShouldHaveStatusAsync(HttpStatusCode.OK);
        index.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        index.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'").And.NotContain("unsafe-inline");
        var html = await index.Content.ReadAsStringAsync();
        html.Should().Contain("vendor/signalr.min.js").And.Contain("js/main.js");
        html.Should().NotContain("http://").And.NotContain("https://", "the page loads nothing from another origin");

        using var signalr = await client.GetAsync("/app/vendor/signalr.min.js");
        await signalr.ShouldHaveStatusAsync(HttpStatusCode.OK);
        signalr.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");

        using var missing = await client.GetAsync("/app/nothing-here.js");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_people_sign_up_befriend_chat_live_read_recall_and_share_an_image()
    {
        var annName = ApiClientExtensions.UniqueName("ann");
        var bobName = ApiClientExtensions.UniqueName("bob");
        await using var ann = await BrowserUser.OpenAsync(browser, "ann");
        await using var bob = await BrowserUser.OpenAsync(browser, "bob");

        // Sign up: the form signs in right after, with the keyboard only (Enter submits).
        await SignUpAsync(ann, annName, "Ann");
        await SignUpAsync(bob, bobName, "Bob");
        await ann.ScreenshotAsync("01-ann-signed-up");
        await AllInputsAreLabelledAsync(ann);

        // Ann finds Bob and asks; Bob sees the request arrive (a push), accepts; Ann sees the friendship arrive.
        await ann.ById("tab-people").ClickAsync();
        await ann.Page.GetByLabel("Find people by name").FillAsync(bobName);
        await ann.Page.GetByLabel("Find people by name").PressAsync("Enter");
        var result = ann.ById("search-results").Locator("li", new() { HasText = bobName });
        await result.GetByRole(AriaRole.Button, new() { Name = "Add friend" }).ClickAsync();
        await Expect(result).ToContainTextAsync("Request sent");
        await Expect(ann.ById("outgoing-requests")).ToContainTextAsync(bobName);
        await ann.ScreenshotAsync("02-ann-sent-a-request");

        await bob.ById("tab-people").ClickAsync();
        await Expect(bob.ById("requests-badge")).ToHaveTextAsync("1");
        var request = bob.ById("incoming-requests").Locator("li", new() { HasText = annName });
        await bob.ScreenshotAsync("03-bob-sees-the-request");
        await request.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(bob.ById("friend-list")).ToContainTextAsync(annName);
        await Expect(bob.ById("incoming-requests").Locator("li")).ToHaveCountAsync(0);
        await Expect(ann.ById("friend-list")).ToContainTextAsync(bobName);
        await Expect(ann.ById("outgoing-requests").Locator("li")).ToHaveCountAsync(0);

        // A remark renames Bob for Ann alone.
        var bobInAnnsList = ann.ById("friend-list").Locator("li", new() { HasText = bobName });
        await bobInAnnsList.GetByRole(AriaRole.Button, new() { Name = "Remark" }).ClickAsync();
        await ann.Page.GetByLabel($"Remark for @{bobName}").FillAsync("Bobby");
        await ann.Page.GetByLabel($"Remark for @{bobName}").PressAsync("Enter");
        await Expect(bobInAnnsList).ToContainTextAsync("Bobby");
        await ann.ScreenshotAsync("04-friends");

        // Ann writes; Bob, looking at his list, sees the message and an unread count that grows.
        await ann.ById("tab-chats").ClickAsync();
        var annConversation = ann.ById("conversation-list").Locator("li", new() { HasText = "Bobby" });
        await annConversation.ClickAsync();
        await Expect(ann.ById("chat-title")).ToHaveTextAsync("Bobby");
        await SendAsync(ann, "Hello Bob");
        await SendAsync(ann, "Are you there?");

        await bob.ById("tab-chats").ClickAsync();
        var bobConversation = bob.ById("conversation-list").Locator("li", new() { HasText = "Ann" });
        await Expect(bobConversation.GetByTestId("unread")).ToHaveTextAsync("2");
        await Expect(bobConversation).ToContainTextAsync("Are you there?");
        await bob.ScreenshotAsync("05-bob-has-two-unread");

        // Bob opens it: the messages are seen, his unread count falls to none (on the server too), Ann sees "Seen".
        await bobConversation.ClickAsync();
        await Expect(bob.ById("messages")).ToContainTextAsync("Hello Bob");
        await Expect(bob.ById("messages")).ToContainTextAsync("Are you there?");
        await Expect(bobConversation.GetByTestId("unread")).ToHaveCountAsync(0);
        await Expect(ann.ById("messages").GetByTestId("seen")).ToHaveCountAsync(1);
        await Deadline.WaitUntilAsync(
            async () => (await ListConversationsAsync(bob)).Items.Single().UnreadCount == 0,
            TimeSpan.FromSeconds(20),
            "reading in the page moved Bob's marker on the server");

        // Typing shows on the other side; then Bob answers Ann's first message with a reply.
        await bob.ById("composer-text").PressSequentiallyAsync("Hi");
        await Expect(ann.ById("typing")).ToContainTextAsync("typing");
        await bob.ById("composer-text").FillAsync(string.Empty);
        var firstMessage = bob.ById("messages").GetByTestId("message").Filter(new() { HasText = "Hello Bob" });
        await firstMessage.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await Expect(bob.ById("reply-bar")).ToContainTextAsync("Hello Bob");
        await SendAsync(bob, "Hi Ann, here I am");
        var reply = ann.ById("messages").GetByTestId("message").Filter(new() { HasText = "Hi Ann, here I am" });
        await Expect(reply.Locator("blockquote")).ToContainTextAsync("Hello Bob");
        await ann.ScreenshotAsync("06-ann-sees-the-reply");

        // Ann recalls a message: gone on both sides, live.
        await SendAsync(ann, "oops, wrong chat");
        await Expect(bob.ById("messages")).ToContainTextAsync("oops, wrong chat");
        var oops = ann.ById("messages").GetByTestId("message").Filter(new() { HasText = "oops, wrong chat" });
        await oops.GetByRole(AriaRole.Button, new() { Name = "Recall" }).ClickAsync();
        await Expect(ann.ById("messages")).ToContainTextAsync("You recalled a message");
        await Expect(bob.ById("messages")).ToContainTextAsync("Message recalled");
        await Expect(bob.ById("messages")).Not.ToContainTextAsync("oops, wrong chat");
        await bob.ScreenshotAsync("07-bob-sees-the-recall");

        // Ann sends an image: a preview first, then the picture on both sides, loaded from the object store.
        var picture = Convert.FromBase64String(await ann.Page.EvaluateAsync<string>(DrawPicture));
        await ann.ById("composer-image").SetInputFilesAsync(new FilePayload { Name = "view.png", MimeType = "image/png", Buffer = picture });
        await Expect(ann.ById("image-preview-img")).ToBeVisibleAsync();
        await Expect(ann.ById("image-preview-img")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        await ann.ScreenshotAsync("08-ann-image-preview");
        await ann.ById("composer-text").FillAsync("the view from here");
        await ann.ById("composer-text").PressAsync("Enter");
        await ImageLoadedAsync(ann, "Image: the view from here");
        await ImageLoadedAsync(bob, "Image: the view from here");
        await Expect(ann.ById("image-preview")).ToBeHiddenAsync();
        await ann.ScreenshotAsync("09-ann-image-sent");
        await bob.ScreenshotAsync("10-bob-image-received");

        // Reload: Bob stays signed in (the stored pair is rotated), and Ann sees him come back online.
        var beforeReload = await bob.StoredSessionAsync();
        await bob.Page.ReloadAsync();
        await Expect(bob.ById("me")).ToHaveTextAsync("Bob");
        await Expect(bob.ById("conversation-list")).ToContainTextAsync("Image");
        var afterReload = await bob.StoredSessionAsync();
        afterReload.Should().NotBeNull();
        afterReload!.RefreshToken.Should().NotBe(beforeReload!.RefreshToken, "a reload rotates the refresh token");
        await ann.ById("tab-people").ClickAsync();
        await Expect(ann.ById("friend-list").Locator("li", new() { HasText = bobName })).ToContainTextAsync("(online)");
        await bob.ScreenshotAsync("11-bob-after-reload");

        // Sign out ends the session: the form is back, the pair is gone, and the server refuses the refresh token.
        await bob.ById("sign-out").ClickAsync();
        await Expect(bob.ById("login-form")).ToBeVisibleAsync();
        (await bob.StoredSessionAsync()).Should().BeNull();
        using (var anonymous = browser.Api.CreateClient())
        {
            using var refused = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = afterReload.RefreshToken });
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "signing out ended the login");
        }

        await bob.Page.ReloadAsync();
        await Expect(bob.ById("login-form")).ToBeVisibleAsync();
        await bob.ScreenshotAsync("12-bob-signed-out");

        ann.Errors.Concat(bob.Errors).Should().BeEmpty("no script error in the browser console during the whole scenario");
    }

    [Fact]
    public async Task On_a_phone_sized_screen_the_list_and_the_chat_take_turns_history_scrolls_back_and_a_group_can_be_made()
    {
        using var setup = browser.Api.CreateClient();
        var cat = await setup.RegisterAsync(ApiClientExtensions.UniqueName("cat"), password: Password);
        var dan = await setup.RegisterAsync(ApiClientExtensions.UniqueName("dan"), password: Password);
        var position = await ConversationTestKit.MakeFriendsAsync(cat.Id, dan.Id);
        // The friendship was appended straight to the log (no push reaches a page not open yet): wait until it is read.
        var tokens = await setup.LoginAsync(cat.Username, Password);
        setup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        await setup.GetFromJsonAsync<ConversationListDto>($"/api/conversations?minPosition={position}");
        var direct = ConversationTestKit.DirectId(cat.Id, dan.Id);
        for (var i = 1; i <= 35; i++)
        {
            await setup.SendAsync(direct, $"history {i}");
        }

        await using var phone = await BrowserUser.OpenAsync(browser, "cat", width: 390, height: 740);

        // Sign in with the email address this time.
        await phone.Page.GetByLabel("Username or email").FillAsync(cat.Email);
        await phone.ById("login-password").FillAsync(Password);
        await phone.ById("login-password").PressAsync("Enter");
        await Expect(phone.ById("me")).ToHaveTextAsync(cat.Nickname);
        await Expect(phone.ById("conversation-list").Locator("li")).ToHaveCountAsync(1);
        await phone.ScreenshotAsync("20-phone-list");
        await NothingOverflowsAsync(phone);

        // The chat replaces the list, with the newest page of history; scrolling up brings the page before.
        await phone.ById("conversation-list").Locator("li").First.ClickAsync();
        await Expect(phone.ById("chat")).ToBeVisibleAsync();
        await Expect(phone.ById("conversation-list")).ToBeHiddenAsync();
        var messages = phone.ById("messages").GetByTestId("message");
        await Expect(messages).ToHaveCountAsync(30);
        await Expect(messages.First).ToContainTextAsync("history 6");
        await Expect(phone.ById("load-earlier")).ToBeVisibleAsync();
        await phone.ById("message-scroller").EvaluateAsync("scroller => { scroller.scrollTop = 0; }");
        await Expect(messages).ToHaveCountAsync(35);
        await Expect(messages.First).ToContainTextAsync("history 1");
        await Expect(phone.ById("load-earlier")).ToBeHiddenAsync();
        await SendAsync(phone, "Hello from a small screen");
        await phone.ScreenshotAsync("21-phone-chat");
        await NothingOverflowsAsync(phone);
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Back to the conversation list" }).ClickAsync();
        await Expect(phone.ById("conversation-list")).ToBeVisibleAsync();
        await Expect(phone.ById("conversation-list")).ToContainTextAsync("Hello from a small screen");

        // A group with Dan: it opens at once and lists on top.
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "New group" }).ClickAsync();
        await phone.Page.GetByLabel("Group name").FillAsync("Weekend plans");
        await phone.Page.GetByRole(AriaRole.Checkbox, new() { Name = dan.Nickname }).CheckAsync();
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(phone.ById("chat-title")).ToHaveTextAsync("Weekend plans");
        await Expect(phone.ById("chat-subtitle")).ToHaveTextAsync("2 members");
        await SendAsync(phone, "Saturday?");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Back to the conversation list" }).ClickAsync();
        await Expect(phone.ById("conversation-list").Locator("li").First).ToContainTextAsync("Weekend plans");
        await phone.ScreenshotAsync("22-phone-group");

        phone.Errors.Should().BeEmpty("no script error in the browser console");
    }

    private static async Task SignUpAsync(BrowserUser user, string username, string nickname)
    {
        var page = user.Page;
        await page.Locator("#register-username").FillAsync(username);
        await page.Locator("#register-email").FillAsync($"{username}@example.test");
        await page.Locator("#register-nickname").FillAsync(nickname);
        await page.Locator("#register-password").FillAsync(Password);
        await page.Locator("#register-password").PressAsync("Enter");
        await Expect(user.ById("me")).ToHaveTextAsync(nickname);
        await Expect(user.ById("auth-view")).ToBeHiddenAsync();
    }

    /// <summary>Types a message and sends it with Enter; it shows in the sender's own conversation.</summary>
    private static async Task SendAsync(BrowserUser user, string text)
    {
        await user.ById("composer-text").FillAsync(text);
        await user.ById("composer-text").PressAsync("Enter");
        await Expect(user.ById("messages").GetByTestId("message").Filter(new() { HasText = text })).ToHaveCountAsync(1);
        await Expect(user.ById("composer-text")).ToHaveValueAsync(string.Empty);
    }

    private static async Task ImageLoadedAsync(BrowserUser user, string alt)
    {
        var image = user.ById("messages").GetByAltText(alt);
        await Expect(image).ToBeVisibleAsync();
        await image.EvaluateAsync("img => img.decode()"); // rejects when the bytes cannot be loaded or decoded
        (await image.EvaluateAsync<int>("img => img.naturalWidth")).Should().BePositive($"{user.Name} sees the picture itself");
    }

    /// <summary>Every form control of the page (hidden ones too) has a label a screen reader announces.</summary>
    private static async Task AllInputsAreLabelledAsync(BrowserUser user)
    {
        var unlabelled = await user.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('input, textarea, select')]
              .filter(c => c.labels.length === 0 && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
              .map(c => c.id || c.name || c.outerHTML)
            """);
        unlabelled.Should().BeEmpty("every input has a label");
    }

    private static async Task NothingOverflowsAsync(BrowserUser user)
    {
        var overflow = await user.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.Should().BeLessThanOrEqualTo(0, "nothing is wider than a phone's screen");
    }

    private async Task<ConversationListDto> ListConversationsAsync(BrowserUser user)
    {
        var session = await user.StoredSessionAsync();
        using var client = browser.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session!.AccessToken);
        return (await client.GetFromJsonAsync<ConversationListDto>("/api/conversations"))!;
    }

    private sealed record ConversationListDto(IReadOnlyList<ConversationItemDto> Items);

    private sealed record ConversationItemDto(Guid Id, long UnreadCount, long LastReadSeq);
}
