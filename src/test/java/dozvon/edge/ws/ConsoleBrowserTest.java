package dozvon.edge.ws;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.HeadlessChromium;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The agent console in headless Chromium: two agents sign in on two pages, a SIPp call rings (the chain's
 * only leg is a mobile that never answers), both pages show the card, one agent clicks Take, the other's card
 * goes, the taker's SIPp phone gets the auto-answer INVITE and answers, and the page shows the call connected.
 * Screenshots land in {@code target/screenshots/}.
 */
class ConsoleBrowserTest {

    private static final Path SHOTS = Path.of("target/screenshots");

    private static RunningGateway gw;
    private static HeadlessChromium chromium;
    private static Browser browser;
    private static int annaPort;
    private static int borisPort;
    private static int mobilePort;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        borisPort = FreePort.find();
        mobilePort = FreePort.find();
        DozvonConfig config = TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                agents:
                  - { id: anna, name: "Anna Petrova", group: sales, contact: "sip:anna@127.0.0.1:%d", password: "anna-secret" }
                  - { id: boris, name: "Boris Ivanov", group: sales, contact: "sip:boris@127.0.0.1:%d", password: "boris-secret" }
                  - { id: vera, name: "Vera Sokolova", group: support, contact: "sip:vera@127.0.0.1:%d", password: "vera-secret" }
                groups:
                  - id: sales
                    chain: [ { target: "number:+79160000009", seconds: 30 } ]
                  - id: support
                    chain: [ { target: "number:+79160000008", seconds: 30 } ]
                numbers:
                  - { number: "+74950000000", group: sales, tracking: { source: google, medium: cpc, campaign: sofas } }
                """.formatted(mobilePort, annaPort, borisPort, FreePort.find()));
        gw = RunningGateway.start(config);
        Files.createDirectories(SHOTS);
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private static Page signIn(String agent, String password) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 820));
        Page page = context.newPage();
        page.navigate(gw.base() + "/");
        page.getByLabel("Agent ID").fill(agent);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#conn")).hasClass(java.util.regex.Pattern.compile("\\bup\\b"));
        assertThat(page.locator("#presence [aria-checked=true]")).hasText("Available");
        return page;
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)).setFullPage(true));
    }

    @Test
    void twoAgentsSeeTheCallOneTakesItTheOtherCardGoesAndTheTakersPhoneAnswers() throws Exception {
        Page login = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 820)).newPage();
        login.navigate(gw.base() + "/");
        login.getByLabel("Agent ID").fill("anna");
        login.getByLabel("Password").fill("wrong");
        login.locator("#login-submit").click();
        assertThat(login.locator("#login-error")).hasText("Unknown agent or wrong password.");
        shot(login, "console-login.png");

        Page anna = signIn("anna", "anna-secret");
        Page boris = signIn("boris", "boris-secret");
        Page vera = signIn("vera", "vera-secret");
        Page wallboard = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 820)).newPage();
        wallboard.navigate(gw.base() + "/wallboard?token=" + TestConfig.ADMIN_TOKEN);
        assertThat(wallboard.locator("#agents tr")).hasCount(3);

        try (Sipp.Uas mobile = Sipp.startUas("uas-phone-ring-no-answer.xml", mobilePort, 1);
             Sipp.Uas annaPhone = Sipp.startUas("uas-phone-auto-answer.xml", annaPort, 1)) {
            CompletableFuture<Sipp.Result> pbx = CompletableFuture.supplyAsync(() -> Sipp.run("uac-pbx-call-answered.xml",
                    gw.sipPort(), 1, 1, "-s", "+74950000000", "-set", "caller", "+79001234567", "-d", "6000"));

            Locator annaCard = anna.locator(".offer");
            Locator borisCard = boris.locator(".offer");
            assertThat(annaCard).hasCount(1);
            assertThat(borisCard).hasCount(1);
            for (Locator card : List.of(annaCard, borisCard)) {
                assertThat(card.locator(".caller")).hasText("+79001234567");
                assertThat(card).containsText("to +74950000000");
                assertThat(card).containsText("google · cpc · sofas");
                assertThat(card.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON)).hasText("Take");
            }
            assertThat(wallboard.locator("#calls tr")).hasCount(1);
            assertThat(wallboard.locator("#calls tr .state")).hasText("Ringing");
            shot(anna, "console-anna-offer.png");
            shot(boris, "console-boris-offer.png");
            assertThat(vera.locator(".offer")).hasCount(0);

            annaCard.locator(".take").click();

            assertThat(borisCard).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(10_000));
            assertThat(boris.locator("#recent")).containsText("Taken by anna");
            assertThat(anna.locator("#call-state")).hasText("Connected",
                    new LocatorAssertions.HasTextOptions().setTimeout(15_000));
            assertThat(anna.locator("#current-caller")).hasText("+79001234567");
            assertThat(wallboard.locator("#calls tr .state")).hasText("Talking");
            assertThat(wallboard.locator("#agents tr[data-agent=anna] .state")).hasText("On a call");

            anna.getByLabel("Category").selectOption("sale");
            anna.getByLabel("Value (order no., amount…)").fill("order 1042");
            anna.getByLabel("Note").fill("Corner sofa, delivery on Friday");
            anna.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Save result")).click();
            assertThat(anna.locator("#disp-status")).hasText("Saved ✓");
            shot(anna, "console-anna-connected.png");
            shot(boris, "console-boris-after-take.png");
            shot(wallboard, "wallboard-call-connected.png");
            shot(vera, "console-vera-other-group.png");

            Sipp.Result phone = annaPhone.awaitDone(20);
            org.assertj.core.api.Assertions.assertThat(phone.allSucceeded())
                    .as("anna's phone got the INVITE with answer-after=0 and answered:%n%s", phone.output()).isTrue();
            Sipp.Result pbxResult = pbx.get(30, TimeUnit.SECONDS);
            org.assertj.core.api.Assertions.assertThat(pbxResult.allSucceeded()).as(pbxResult.output()).isTrue();
            assertThat(anna.locator("#call-state")).containsText("Ended");
        }
    }
}
