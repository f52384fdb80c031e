package dozvon.app;

import dozvon.app.config.ConfigException;
import dozvon.app.config.ConfigLoader;
import dozvon.app.config.DozvonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar dozvon.jar [--config FILE] [--check-config]}. Exit codes: 0 clean stop (SIGTERM drains),
 * 1 a dependency failed at start, 2 bad configuration (one line per problem, naming the key).
 */
public final class Main {

    private static final Path DEFAULT_CONFIG = Path.of("conf", "dozvon.yaml");

    private Main() {}

    public static void main(String[] args) {
        Path configFile = null;
        boolean checkOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--check-config" -> checkOnly = true;
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar dozvon.jar [--config FILE] [--check-config]");
                    System.exit(0);
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (configFile == null && Files.isRegularFile(DEFAULT_CONFIG)) {
            configFile = DEFAULT_CONFIG;
        }
        DozvonConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv());
        } catch (ConfigException e) {
            System.err.println("dozvon: configuration " + (configFile == null ? "(defaults)" : configFile)
                    + " has " + e.problems().size() + " problem(s):");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
            return;
        }
        if (checkOnly) {
            System.out.println("dozvon: configuration OK");
            System.exit(0);
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        if (configFile == null) {
            log.warn("event=no_config_file using=defaults hint=\"pass --config FILE or create conf/dozvon.yaml\"");
        }
        GcHint.logIfLoose(log);
        Gateway gateway = new Gateway(config);
        // SIGTERM/SIGINT drain and exit 0; the hook covers System.exit and other ends of the JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::stopBlocking, "dozvon-shutdown"));
        sun.misc.SignalHandler drainAndExit = sig -> {
            LoggerFactory.getLogger(Main.class).info("event=signal name={}", sig.getName());
            new Thread(() -> {
                gateway.stopBlocking();
                System.exit(0);
            }, "dozvon-drain").start();
        };
        Signal.handle(new Signal("TERM"), drainAndExit);
        Signal.handle(new Signal("INT"), drainAndExit);

        gateway.start().onFailure(e -> {
            log.error("event=start_failed error=\"{}\"", e.getMessage());
            new Thread(() -> {
                gateway.stopBlocking();
                System.exit(1);
            }, "dozvon-abort").start();
        });
    }

    private static void usage(String problem) {
        System.err.println("dozvon: " + problem + "\nusage: java -jar dozvon.jar [--config FILE] [--check-config]");
        System.exit(2);
    }
}
