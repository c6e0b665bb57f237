use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use phonenumber::country::Id;
use waitline_simulator::connect::QueueConfig;

use super::parse::{RATE, client_rate, number_in};
use super::*;
use crate::callback::{self, CallbackConfig, phone::NumberKind};
use crate::routes::events::SECRET_VAR as EVENTS_SECRET_VAR;

mod events_args {
    use super::*;

    fn events(flags: &[&str]) -> EventsArgs {
        #[derive(Debug, Parser)]
        struct Wrapper {
            #[command(flatten)]
            events: EventsArgs,
        }
        let mut argv = vec!["waitline"];
        argv.extend_from_slice(flags);
        Wrapper::try_parse_from(argv).unwrap().events
    }

    #[test]
    fn the_events_route_is_on_only_with_a_long_enough_secret() {
        let args = events(&[]);
        assert_eq!(args.connect_delay, 20);
        assert!(args.simulated);
        assert!(args.config_with(None).unwrap().is_none());
        let short = args.config_with(Some("short")).unwrap_err();
        assert!(short.contains(EVENTS_SECRET_VAR), "{short}");
        let config = args
            .config_with(Some("a-long-enough-secret"))
            .unwrap()
            .unwrap();
        assert_eq!(config.connect_delay, Duration::from_secs(20));
        let args = events(&["--events-connect-delay", "0", "--sim-events", "false"]);
        assert_eq!(args.connect_delay, 0);
        assert!(!args.simulated);
    }
}

mod simulator_args {
    use super::*;

    fn simulator(flags: &[&str]) -> Result<SimulatorArgs, clap::Error> {
        let argv = std::iter::once("waitline-proxy").chain(flags.iter().copied());
        Cli::try_parse_from(argv).map(|cli| cli.serve.simulator)
    }

    #[test]
    fn events_are_posted_only_with_a_url_and_a_secret() {
        let none = simulator(&[]).unwrap();
        assert!(none.events_target_with(Some("key")).unwrap().is_none());
        assert_eq!(none.events_header, "x-waitline-events-secret");
        let args = simulator(&[
            "--sim-events-url",
            "http://127.0.0.1:8080/v1/events",
            "--sim-events-header",
            "x-api-key",
        ])
        .unwrap();
        let target = args.events_target_with(Some("key")).unwrap().unwrap();
        assert!(format!("{target:?}").contains("x-api-key"));
        let missing = args.events_target_with(None).unwrap_err();
        assert!(missing.contains(SIM_EVENTS_SECRET_VAR), "{missing}");
        let https = simulator(&["--sim-events-url", "https://example.com/events"]).unwrap();
        assert!(https.events_target_with(Some("key")).is_err());
    }

    #[test]
    fn by_default_the_simulator_runs_the_demo_queue() {
        let config = simulator(&[]).unwrap().queue_config(7);
        assert_eq!(
            config,
            QueueConfig {
                seed: 7,
                ..QueueConfig::DEMO
            }
        );
        assert!(config.mean_patience_seconds.is_some());
    }

    #[test]
    fn patience_and_flow_take_their_ranges_and_zero_turns_patience_off() {
        let args =
            simulator(&["--sim-patience-seconds", "0", "--sim-flow-seconds", "3600"]).unwrap();
        let config = args.queue_config(1);
        assert_eq!(config.mean_patience_seconds, None, "0: nobody gives up");
        assert_eq!(config.flow_seconds, 3_600.0);
        let config = simulator(&["--sim-patience-seconds", "86400"])
            .unwrap()
            .queue_config(1);
        assert_eq!(config.mean_patience_seconds, Some(86_400.0));
        for bad in ["-1", "86401", "NaN", "inf", "soon"] {
            assert!(
                simulator(&["--sim-patience-seconds", bad]).is_err(),
                "{bad}"
            );
        }
        for bad in ["-1", "3600.5", "NaN"] {
            assert!(simulator(&["--sim-flow-seconds", bad]).is_err(), "{bad}");
        }
    }
}

mod serve_args {
    use super::*;

    const MAX: u64 = crate::token::DEFAULT_MAX_LIFETIME_SECONDS;

    #[test]
    fn token_lifetimes_fit_the_longest_the_proxy_accepts() {
        // Defaults shorten to fit a shorter maximum...
        let cli = Cli::try_parse_from(["waitline-proxy", "--token-max-lifetime", "3600"]).unwrap();
        let chats = cli.serve.chat.config(false, 3600).unwrap().unwrap();
        assert_eq!(chats.token_ttl, Duration::from_secs(3600));
        let callbacks = cli.serve.callback.config(false, 3600).unwrap().unwrap();
        assert_eq!(
            callbacks.token_ttl.as_secs() + u64::from(callbacks.delay_seconds),
            3600
        );
        assert_eq!(token_ttl("--demo-token-ttl", None, 3600, 600), Ok(600));
        // ...and a lifetime given that the maximum would refuse is a start-up error.
        let cli = Cli::try_parse_from(["waitline-proxy", "--chat-token-ttl", "7200"]).unwrap();
        let refused = cli.serve.chat.config(false, 3600).unwrap_err();
        assert!(
            refused.contains("--chat-token-ttl 7200") && refused.contains("3600"),
            "{refused}"
        );
        let cli = Cli::try_parse_from(["waitline-proxy", "--callback-token-ttl", "3600"]).unwrap();
        assert!(
            cli.serve.callback.config(false, 3600).is_err(),
            "the delay comes on top"
        );
        let cli =
            Cli::try_parse_from(["waitline-proxy", "--callback-delay-seconds", "3590"]).unwrap();
        assert!(
            cli.serve.callback.config(false, 3600).is_err(),
            "ten seconds left"
        );
    }

    #[test]
    fn client_limits_and_number_types_have_their_ranges() {
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--callback-number-types",
            "mobile,toll-free",
            "--trusted-proxy-hops",
            "2",
            "--client-connect-share",
            "1",
        ])
        .unwrap();
        assert_eq!(
            cli.serve.callback.number_types,
            [NumberKind::Mobile, NumberKind::TollFree]
        );
        assert_eq!(cli.serve.trusted_proxy_hops, 2);
        let defaults = cli.serve.callback.config(false, MAX).unwrap().unwrap();
        assert_eq!(
            defaults.per_number_per_day,
            callback::DEFAULT_PER_NUMBER_PER_DAY
        );
        for bad in [
            &["--callback-number-types", "landline"][..],
            &["--trusted-proxy-hops", "11"],
            &["--trusted-proxy-hops", "1", "--trust-x-forwarded-for"],
            &["--client-connect-share", "0"],
            &["--client-connect-share", "1.5"],
            &["--client-create-rate", "0"],
            &["--callback-per-number-per-day", "0"],
            &["--write-timeout", "0"],
            &["--max-connections-per-client", "0"],
            &["--metrics-listen", "nowhere"],
        ] {
            let mut argv = vec!["waitline-proxy"];
            argv.extend_from_slice(bad);
            assert!(Cli::try_parse_from(&argv).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn defaults_serve_on_loopback() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(cli.serve.simulator.agents, 4);
    }

    #[test]
    fn rejects_nonsense_simulator_settings() {
        assert!(Cli::try_parse_from(["waitline-proxy", "--sim-time-scale", "0"]).is_err());
        assert!(Cli::try_parse_from(["waitline-proxy", "--sim-handle-seconds", "NaN"]).is_err());
        assert!(
            Cli::try_parse_from(["waitline-proxy", "--sim-arrivals-per-minute", "-1"]).is_err()
        );
        assert!(Cli::try_parse_from(["waitline-proxy", "--listen", "nowhere"]).is_err());
    }

    #[test]
    fn ranges_include_their_bounds() {
        assert_eq!(number_in("0.01", RATE), Ok(0.01));
        assert_eq!(number_in("10000", RATE), Ok(10_000.0));
        for bad in ["0.0099", "10000.1", "inf", "NaN", "-0.5", "", "two"] {
            assert!(number_in(bad, RATE).is_err(), "{bad}");
        }
        assert_eq!(client_rate("0"), Ok(0.0));
        assert!(client_rate("1e-300").is_err());
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-rate",
            "10000",
            "--sim-agents",
            "0",
        ])
        .unwrap();
        assert_eq!(cli.serve.connect_rate, 10_000.0);
        assert_eq!(cli.serve.simulator.agents, 0);
    }

    #[test]
    fn cors_origins_are_exact_and_never_wildcards() {
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--cors-origin",
            "https://a.example",
            "--cors-origin",
            "http://localhost:3000/",
            "--cors-origin",
            "HTTPS://Support.Example:443",
        ])
        .unwrap();
        // Written as a browser's Origin header is: lowercase, no default port, no slash.
        assert_eq!(
            cli.serve.cors_origins,
            [
                "https://a.example",
                "http://localhost:3000",
                "https://support.example"
            ]
        );
        for bad in [
            "*",
            "a.example",
            "https://a.example/path",
            "https://a.example/?q",
            "https://user:pw@a.example",
            "https://*.example",
            "ftp://a.example",
            "https://",
        ] {
            assert!(
                Cli::try_parse_from(["waitline-proxy", "--cors-origin", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_empty_directory_turns_static_files_off() {
        let cli =
            Cli::try_parse_from(["waitline-proxy", "--www-dir", "", "--package-dir="]).unwrap();
        assert_eq!(optional_dir(&cli.serve.www_dir), None);
        assert_eq!(optional_dir(&cli.serve.package_dir), None);
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(optional_dir(&cli.serve.www_dir), Some(PathBuf::from("www")));
    }

    #[test]
    fn log_format_is_json_unless_asked_for_text() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(cli.log_format, LogFormat::Json);
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "token",
            "--log-format",
            "text",
            "--contact-id",
            "c",
        ])
        .unwrap();
        assert_eq!(cli.log_format, LogFormat::Text);
        assert!(Cli::try_parse_from(["waitline-proxy", "--log-format", "xml"]).is_err());
    }

    #[test]
    fn an_instance_id_selects_amazon_connect() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(cli.serve.connect.instance_id, None);
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            "00000000-0000-4000-8000-000000000000",
            "--connect-endpoint-url",
            "https://vpce.example",
        ])
        .unwrap();
        assert!(cli.serve.connect.instance_id.is_some());
        // An endpoint without an instance would silently run the simulator.
        assert!(
            Cli::try_parse_from([
                "waitline-proxy",
                "--connect-endpoint-url",
                "https://x.example"
            ])
            .is_err()
        );
    }

    #[test]
    fn callbacks_default_to_the_simulators_and_need_countries_with_amazon_connect() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(
            cli.serve.callback.config(false, MAX),
            Ok(Some(CallbackConfig::simulated()))
        );
        assert_eq!(
            cli.serve.callback.config(true, MAX),
            Ok(None),
            "no flow: off"
        );

        let instance = "00000000-0000-4000-8000-000000000000";
        let flow = "11111111-2222-4333-8444-555555555555";
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            instance,
            "--callback-flow-id",
            flow,
        ])
        .unwrap();
        assert!(
            cli.serve.callback.config(true, MAX).is_err(),
            "no countries"
        );
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            instance,
            "--callback-flow-id",
            flow,
            "--callback-countries",
            "us,GB",
            "--callback-delay-seconds",
            "518400",
            "--callback-stop-original",
            "false",
        ])
        .unwrap();
        let config = cli.serve.callback.config(true, MAX).unwrap().unwrap();
        assert_eq!(config.flow_id, flow);
        assert_eq!(config.countries, [Id::US, Id::GB]);
        assert_eq!(config.delay_seconds, 518_400);
        assert!(!config.stop_original);
    }

    #[test]
    fn callback_flags_out_of_range_are_usage_errors() {
        for args in [
            &["--callback-delay-seconds", "0"][..],
            &["--callback-delay-seconds", "518401"],
            &["--callback-countries", "USA"],
            &["--callback-countries", "XX"],
            &["--callback-stop-original", "maybe"],
            &["--callback-token-ttl", "59"],
            // A flow only means something in an instance.
            &["--callback-flow-id", "11111111-2222-4333-8444-555555555555"],
            &[
                "--connect-instance-id",
                "00000000-0000-4000-8000-000000000000",
                "--callback-flow-id",
                "callback-flow",
            ],
        ] {
            let mut argv = vec!["waitline-proxy"];
            argv.extend_from_slice(args);
            assert!(Cli::try_parse_from(&argv).is_err(), "{args:?}");
        }
    }

    #[test]
    fn a_store_url_is_redis_or_rediss_and_replicas_need_one() {
        let cli = Cli::try_parse_from(["waitline-proxy"]).unwrap();
        assert_eq!(cli.serve.store.url(), Ok(None));
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--redis-url",
            "rediss://cache.example:6379/2",
            "--replicas",
            "3",
        ])
        .unwrap();
        assert_eq!(
            cli.serve.store.url(),
            Ok(Some("rediss://cache.example:6379/2"))
        );
        assert_eq!(cli.serve.store.replicas, Some(3));
        for bad in [
            &["--redis-url", "http://cache.example"][..],
            &["--redis-url", "redis://"],
            &["--redis-url", "cache.example:6379"],
            &["--replicas", "3"],
            &["--redis-url", "redis://c.example", "--replicas", "0"],
        ] {
            let mut argv = vec!["waitline-proxy"];
            argv.extend_from_slice(bad);
            assert!(Cli::try_parse_from(&argv).is_err(), "{bad:?}");
        }
        // A password on the command line is refused, and never repeated.
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--redis-url",
            "redis://:hunter2@c.example",
        ])
        .unwrap();
        let refused = cli.serve.store.url().unwrap_err();
        assert!(refused.contains("WAITLINE_REDIS_URL") && !refused.contains("hunter2"));
        assert_eq!(
            redact("redis://app:hunter2@c.example:6380/1"),
            "redis://app:***@c.example:6380/1"
        );
    }

    #[test]
    fn simulate_subcommand() {
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--sim-quota-rate",
            "4",
        ])
        .unwrap();
        let Some(Command::Simulate(args)) = cli.command else {
            panic!("not simulate: {:?}", cli.command);
        };
        assert_eq!(args.listen.port(), 0);
        assert_eq!(args.simulator.quota().rate, 4.0);
    }

    #[test]
    fn token_subcommand() {
        let cli = Cli::try_parse_from(["waitline-proxy", "token", "--contact-id", "c"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Token(TokenArgs {
                ttl_seconds: 3600,
                ..
            }))
        ));
    }

    #[test]
    fn chats_are_on_in_the_simulator_and_need_a_flow_with_amazon_connect() {
        let cli =
            Cli::try_parse_from(["waitline-proxy", "--chat-attributes", "topic, lang"]).unwrap();
        let simulated = cli.serve.chat.config(false, MAX).unwrap().unwrap();
        assert_eq!(simulated.allowed_attributes, ["topic", "lang"]);
        assert_eq!(
            cli.serve.chat.config(true, MAX),
            Ok(None),
            "Amazon Connect without a chat flow"
        );
        let flow = "11111111-2222-4333-8444-555555555555";
        let cli = Cli::try_parse_from([
            "waitline-proxy",
            "--connect-instance-id",
            "00000000-0000-4000-8000-000000000000",
            "--chat-flow-id",
            flow,
        ])
        .unwrap();
        assert_eq!(
            cli.serve.chat.config(true, MAX).unwrap().unwrap().flow_id,
            flow
        );
        // A flow ID alone would silently run the simulator.
        assert!(Cli::try_parse_from(["waitline-proxy", "--chat-flow-id", flow]).is_err());
        assert!(Cli::try_parse_from(["waitline-proxy", "--chat-token-ttl", "59"]).is_err());
    }
}
