#!/usr/bin/python3
"""A real SMTP server for tst_alerts_delivery: Debian's aiosmtpd with STARTTLS
required (self-signed certificate from the test) and AUTH (PLAIN/LOGIN) required
after TLS. Each accepted message is written to OUTDIR/N.json with the envelope,
the authenticated login, whether TLS was on, the mechanism and the raw message.
Prints READY once it accepts connections; stops on SIGTERM."""
import argparse
import json
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--outdir", required=True)
    args = parser.parse_args()

    class Handler:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Handler.count += 1
            record = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "login": (session.auth_data.login.decode()
                          if isinstance(session.auth_data, LoginPassword) else None),
                "mechanism": getattr(session, "opsdeck_mechanism", None),
                "data": envelope.original_content.decode("utf-8", "replace"),
            }
            path = os.path.join(args.outdir, "%d.json" % Handler.count)
            with open(path + ".tmp", "w") as f:
                json.dump(record, f)
            os.rename(path + ".tmp", path)
            return "250 OK queued"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword)
                and auth_data.login == args.user.encode()
                and auth_data.password == args.password.encode()):
            session.opsdeck_mechanism = mechanism
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    controller = Controller(Handler(), hostname="127.0.0.1", port=args.port,
                            tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True,
                            auth_require_tls=True)
    controller.start()
    print("READY", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    return 0


if __name__ == "__main__":
    # aiosmtpd 1.4 itself still sets the deprecated Session.login_data.
    warnings.filterwarnings("ignore", message="Session.login_data")
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    sys.exit(main())
