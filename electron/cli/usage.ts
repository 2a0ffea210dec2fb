/** The `trust-vault` command's help text; kept stable (issue 2, point 8). */
export const USAGE = `Usage: trust-vault <command> [options]

Commands:
  keys list [--tighten]                       list every key of the trust dir (broken files included); warns when
                                              the trust dir, private/ or data dir is a link or open to others,
                                              --tighten sets them to 0700
  keys generate --role ROLE [--gun GUN] [--algorithm ecdsa|ed25519|rsa] [--rsa-bits 2048|4096]
                [--name NAME [--dir D]] --passphrase-env VAR
                                              make a key in notary's format; --name makes a docker-style
                                              signer key and writes D/NAME.pub (D defaults to .)
  keys import FILE... [--role ROLE] [--gun GUN] [--passphrase-env VAR] [--new-passphrase-env VAR]
                                              import PEM files or notary export bundles; unencrypted keys are
                                              encrypted with --new-passphrase-env (else --passphrase-env)
  keys export --id ID [--id ID...] --out FILE [--public --passphrase-env VAR | --vault-passphrase-env VAR]
                                              write a bundle \`notary key import\` accepts (or public keys)
  keys passwd --id ID --passphrase-env OLD --new-passphrase-env NEW
  keys remove --id ID --yes                   delete a key file (--yes insists, also when no verified backup exists)
  status [--gun GUN]                          verify the cached trust data of one repository (else of every
                                              cached one): verdict, problems, roles, tags, delegations
  status [--gun GUN] --server URL [--ca FILE] [--user-env VAR --password-env VAR | --token-env VAR] [--insecure-http]
                                              the same from a live notary server, checked against the cached
                                              (pinned) root; never changes the cache
  trust forget --gun GUN --yes                move the GUN's cached trust data (tuf/GUN) into the data dir, so the
                                              next fetch trusts the server's root again (after a root key was lost)
  trust forgotten                             list forgotten trust data, newest first
  trust restore --id ID                       put forgotten trust data back (refused if tuf/GUN exists again)
  recover plan GUN [--server URL [--ca FILE] [--user-env VAR --password-env VAR | --token-env VAR] [--insecure-http]] [--module PATH]
                                              which keys of each role you still have (file, token, verified
                                              backup), what is lost, and the steps that recover it, in order;
                                              reads only
  recover notice GUN --server URL [--id ROOT-KEY-ID]
                                              the notice for consumers after a new root (the ID defaults to the
                                              root the trust dir now pins)
  backup create --out FILE --passphrase-env VAR [--keys ID,...] [--no-pinned-roots] [--include-archive DIR]...
            [--vault-passphrase-env VAR]      (with the vault: its audit checkpoint goes into the manifest)
                                              an age-encrypted tar.gz of private/ (plus pinned roots and a
                                              manifest), written without overwriting, then read back and verified;
                                              restore anywhere with: age -d FILE | tar -xz
  backup verify FILE --passphrase-env VAR     decrypt, check every key against the manifest and the trust dir
  backup restore FILE [--passphrase-env VAR] [--keys ID,...] [--pinned-roots GUN,...] [--dry-run] [--archives-to DIR]
                                              restore keys that are not in the trust dir yet; never overwrites;
                                              also plain tar.gz archives of a trust dir (keys only). Pinned roots
                                              only those named, from an encrypted backup whose manifest lists them
  drives list                                 removable drives: label, mount point, filesystem, free space
  token list [--module PATH]                  PKCS#11 tokens (ykcs11, OpenSC, SoftHSM2 at their usual paths, or
                                              PATH) with their keys: label, serial, slot, key IDs and roles
  token generate-root --module PATH --token LABEL --pin-env VAR [--on-device] [--passphrase-env VAR]
                                              a root key on the token: made in software, imported with its
                                              certificate and backed up encrypted into the trust dir (notary's
                                              way), or --on-device: made on the token, never extractable
  repo init GUN --server URL [--ca FILE] [--snapshot local|server] --root-passphrase-env VAR
            --targets-passphrase-env VAR [--snapshot-passphrase-env VAR]
                                              publish a new repository: the trust dir's root key (else a new
                                              one), new targets (and snapshot) keys; timestamp on the server
  repo rotate GUN ROLE --server URL [--ca FILE] [--server-managed] --root-passphrase-env VAR
            [--targets-passphrase-env VAR] [--snapshot-passphrase-env VAR]
                                              a new key for targets, snapshot (--server-managed: the server's),
                                              timestamp (the server's) or root (signed by old and new), vouched
                                              for by the root key; key files and cache change only once the
                                              server took it
  repo resign GUN --server URL [--ca FILE] [--role ROLE[,ROLE...]] [--within-days N] [--root-passphrase-env VAR]
            [--targets-passphrase-env VAR] [--snapshot-passphrase-env VAR] [--delegation-passphrase-env VAR]
                                              re-sign roles expiring within N days (default 90), or the roles
                                              given (root, targets, snapshot, targets/NAME), with their current
                                              keys; the timestamp and a server-held snapshot are the server's
  repo signer add GUN NAME --key FILE --server URL [--ca FILE] --targets-passphrase-env VAR
            [--snapshot-passphrase-env VAR]
                                              as docker trust signer add: the key (NAME.pub or a certificate) goes
                                              into targets/NAME and targets/releases
  repo signer remove GUN NAME --server URL [--ca FILE] [--yes] --targets-passphrase-env VAR
            [--snapshot-passphrase-env VAR]
                                              as docker trust signer remove; --yes confirms removing the last
                                              signer (the repository becomes unusable for consumers that require
                                              signers). All repo commands also take --user-env/--password-env/--token-env
                                              (sent over https only; --insecure-http allows plain http)
                                              and --vault-passphrase-env VAR (the vault's saved passphrases and
                                              offline keys sign for this one command)
  repo add NAME --server URL [--ca FILE] [--pin-root-id ID... | --pin-ca FILE] [--yes]
                                              look a repository up by image name and add its verified trust data to
                                              the trust dir's cache; the root is pinned by key ID (x509 or the key
                                              file's), by CA, or with --yes on first use, also in <trust>/config.json
                                              (notary -c); without a pin or --yes it prints the root keys, exit 2
  repo check [NAME] [--server URL [--ca FILE]]
                                              check cached repositories (all when none named) against their
                                              server; fetches what is missing; verdicts say when and against what
  repo archive NAME... --out DIR --server URL [--ca FILE]
                                              write a verified archive: the metadata as served (root chain,
                                              targets, delegations, snapshot, timestamp) and inventory.json/.csv
  repo archive verify DIR                     verify an archive offline; exit 1 naming each changed file
  vault init --passphrase-env VAR [--unlock-seconds S]
                                              create the vault (Argon2id, calibrated to S seconds, default 1)
  vault status [--tighten]                    whether the vault exists, its KDF parameters and offline keys, and
                                              loose folders (looseFolders in --json; --tighten: 0700)
  vault passwd --passphrase-env OLD --new-passphrase-env NEW [--unlock-seconds S] [--allow-weaker-kdf]
                                              change the master passphrase (the vault is re-encrypted; at least
                                              12 characters, not rated weak); the Argon2 cost never drops below
                                              the current one unless --allow-weaker-kdf
  vault remember --id ID --passphrase-env VAR --vault-passphrase-env VAR
                                              save a key's passphrase in the vault (checked against the key first);
                                              --vault-passphrase-env on repo commands and keys export then uses it
  vault forget --id ID --vault-passphrase-env VAR
                                              drop a saved passphrase
  vault quarantine [list]                     key files a locked vault moved aside instead of deleting them
  vault quarantine restore NAME               put one back at <its trust dir>/private/<id>.key (never over a file)
  keys offline --id ID --vault-passphrase-env VAR [--force]
                                              move a key file into the vault; refused unless a verified backup or a
                                              token holds the key too (--force insists)
  keys online --id ID --vault-passphrase-env VAR [--for SECONDS]
                                              write an offline key back into the trust dir, as notary wrote it, for
                                              SECONDS (default 300); any later command removes it once that passed
  keys leftovers [--promote] [--remove [--force]]
                                              files interrupted writes left (temporary .tmp and .partial- files);
                                              --promote puts one holding the only copy of a key in place, --remove
                                              removes the rest (--force also those holding a key)
  audit list [--action A...] [--id ID] [--result ok|failed] [--since ISO] [--until ISO]
                                              the audit log, oldest first
  audit verify [--vault-passphrase-env VAR]  walk the audit log's hash chain; exit 1 when an entry was edited,
                                              removed or reordered; with the vault, also against its checkpoints:
                                              a log rewritten (chain recomputed) or deleted is reported as tampered,
                                              and entries not yet confirmed by a checkpoint are listed
  audit restart --yes [--vault-passphrase-env VAR]
                                              when the log no longer verifies: keep it aside and start a new
                                              chain whose first entry names it (with the vault: checkpoints restart)
  migrate kit GUN --to cosign|notation --server URL|--archive DIR --out DIR [--key-id ID | --new-key] [--passphrase-env VAR]
            [--new-passphrase-env VAR] [--targets-passphrase-env VAR] [--root-passphrase-env VAR] [--image REF]
            [--legacy-label] [--name KEYNAME --subject "C=..,ST=..,O=..,CN=.." --valid-days N]
                                              leave content trust: the key in cosign's or Notation's format (the
                                              targets key by default; a token-held key is never exported), the
                                              verified tag inventory, a per-digest signing script and a transition
                                              statement signed by the targets (and root) key, in DIR (new or empty)
  migrate verify-statement FILE [--server URL] [--inventory FILE]
                                              check a transition statement against the pinned root of its
                                              repository (exit 1 when it is not valid)

  tag sign REF... --server URL [--ca FILE] [--role ROLE] [--registry-ca FILE] [--insecure-registry]
            [--registry-user-env VAR --registry-password-env VAR] [--targets-passphrase-env VAR]
            [--delegation-passphrase-env VAR] [--snapshot-passphrase-env VAR] [--vault-passphrase-env VAR]
                                              sign image tags (REF = REGISTRY/REPO:TAG[@sha256:HEX]) with the
                                              registry's manifest digest and size, into targets/releases when you
                                              hold its key, else --role, else targets; one change for all REFs
  tag revoke REF... --server URL ... [--yes]  remove the tags' signatures from every role you can sign; REF
                                              without a tag revokes every tag (--yes confirms)
  tag inspect NAME[:TAG]... --server URL [--ca FILE] --json
                                              docker trust inspect's JSON, from the verified trust data
  tag list NAME --server URL ... --json       the registry's tags: digest, size, signed, role, state
                                              Registry credentials: --registry-user-env/--registry-password-env,
                                              else docker's config.json (auths, credsStore, credHelpers)

Options for every command:
  --trust-dir DIR   default $DOCKER_CONFIG/trust, else ~/.docker/trust
  --data-dir DIR    the app's own data (settings, backup ledger, vault, audit log); default the desktop app's data folder
  --json            one JSON document on stdout
  -h, --help

Secrets are never given on the command line: --passphrase-env VAR reads the passphrase from variable VAR
(--pin-env VAR the token PIN).
Exit status: 0 success, 1 the operation failed (reason on stderr), 2 bad usage. status exits 0 whatever the
verdict, 1 only when no status could be computed (e.g. no trust data cached for the GUN).
`;
