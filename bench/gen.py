#!/usr/bin/env python3
"""Generates benchmark inputs for irislint: a tree of realistic IRIS
configuration files in all five formats, or one large file for the scaling run.

The templates are modelled on what real projects write (instance iris.cpf files,
CPF merge files with [Actions], Web Gateway CSP.ini, %Installer manifests as
.xml and inside a class's XData block, package-manager module.xml), with names,
values and risky settings drawn from a seeded random generator, so every run
generates the same bytes.

    gen.py tree DIR [--files N] [--mb MB] [--seed S] [--vary-salts]
    gen.py big FILE --lines N [--format cpf|merge|cspini|installer|module]
"""

import argparse
import os
import random

WORDS = [
    "app", "api", "fhir", "hl7", "demo", "sales", "crm", "billing", "portal", "orders", "stock", "audit",
    "report", "web", "rest", "data", "lab", "claims", "patient", "ledger", "pay", "hr", "docs", "search",
]
USERS = ["SuperUser", "Admin", "_SYSTEM", "CSPSystem", "UnknownUser", "IAM", "appuser", "svc_api", "reader"]
ROLES = ["%All", "%Developer", "%Manager", "%DB_USER", "%SQL", "%EnsRole_Operator", "AppRole", "ReadOnly"]
SERVICES = [
    "%Service_CallIn", "%Service_Bindings", "%Service_WebGateway", "%Service_Terminal", "%Service_Telnet",
    "%Service_ECP", "%Service_Mirror", "%Service_Console", "%Service_Login", "%Service_CacheDirect",
]
HASH = "a31d24aecc0bfe560a7e45bd913ad27c667dc25a75cbfd358c451bb595b6bd52bd25c82cafaa23ca1dd30b3b4947d12d3bb0f"
SALT = "0a4c463a2fa1e7542b61aa48800091ab688eb0a14bebf536638f411f5454c9343b9aa6402b4694f0a89b624407a5f43f0a3"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        # The PasswordHash of merge files' users: (hash, salt).
        self.hash_salt = (HASH, SALT)

    def word(self):
        return self.r.choice(WORDS)

    def ns(self):
        return (self.word() + self.r.choice(["", "", "app", "data"])).upper()

    def flag(self, risky=0.2):
        return "1" if self.r.random() < risky else "0"

    def authe(self):
        return self.r.choice([32, 32, 32, 64, 96, 1024, 8224, 48, 0])

    # ---- iris.cpf -------------------------------------------------------
    def cpf_sections(self):
        r = self.r
        n = r.randint(2, 6)
        yield "[ConfigFile]\nProduct=IRIS\nVersion=2024.%d\n" % r.randint(1, 3)
        yield "[Databases]\n" + "".join(
            "%s=/usr/irissys/mgr/%s/\n" % (d, d.lower())
            for d in ["IRISSYS", "IRISLIB", "IRISTEMP", "IRISLOCALDATA", "IRISAUDIT", "ENSLIB"]
            + [self.ns() + str(i) for i in range(n)]
        )
        yield "[Namespaces]\n%SYS=IRISSYS\n" + "".join(
            "%s%d=%s%d\n" % (self.ns(), i, self.ns(), i) for i in range(n)
        )
        yield (
            "[Journal]\nAlternateDirectory=/usr/irissys/mgr/journal/\nBackupsBeforePurge=2\n"
            "CurrentDirectory=/usr/irissys/mgr/journal/\nDaysBeforePurge=%d\nFileSizeLimit=1024\n"
            "FreezeOnError=%s\nJournalFilePrefix=\n" % (r.randint(1, 7), self.flag())
        )
        yield (
            "[Startup]\nCallinHalt=1\nCallinStart=1\nDBSizesAllowed=8192\nDefaultPort=1972\n"
            "DefaultPortBindAddress=\nEnableVSSBackup=0\nErrorPurge=30\nFIPSMode=0\nIPv6=0\nJobHalt=1\n"
            "JobServers=0\nJobStart=1\nLicenseID=\nMaxConsoleLogSize=5\nSystemMode=%s\nWebServer=%s\n"
            "WebServerPort=%d\nTempDirectory=Temp\nZSTU=1\n"
            % (r.choice(["LIVE", "TEST", "DEVELOPMENT", "FAILOVER"]), self.flag(0.5), r.choice([52773, 57772]))
        )
        yield (
            "[config]\nLibPath=\nMaxServerConn=1\nMaxServers=2\nPath=\nZFString=0\nZFSize=0\n"
            "bbsiz=-1\nconsole=,\nerrlog=500\nglobals=0,0,%d,0,0,0\ngmheap=%d\njrnbufs=64\n"
            "locksiz=%d\nroutines=%d\nwdparm=\nwijdir=\n"
            % (r.choice([32, 128, 2048]), r.choice([37568, 75136]), r.randint(1, 64) * 1048576, r.randint(0, 128))
        )
        yield "[Map.%SYS]\n" + "".join(
            "Global_%s=%s\n" % (self.word().capitalize() + str(i), self.ns()) for i in range(r.randint(1, 8))
        )
        for i in range(n):
            yield "[Map.%s%d]\n" % (self.ns(), i) + "".join(
                "Package_%s.%s=%s\n" % (self.word().capitalize(), self.word(), self.ns()) for _ in range(r.randint(1, 6))
            )
        yield (
            "[Monitor]\nSNMPEnabled=%s\nWMIEnabled=0\nPatrolEnabled=0\nPatrolTopProcesses=20\n"
            "[Telnet]\nDNSLookup=ON\nPort=23\n[SQL]\nANSIPrecedence=1\nAdaptiveMode=1\nAllowRowIDUpdate=0\n"
            "AutoParallel=1\nAutoParallelThreshold=3200\nBiasQueriesAsOutlier=0\nClientMaxIdleTime=0\n"
            "Comment=1\nDBMSSecurity=%s\nDDLNo201=0\nDefaultSchema=SQLUser\nDelimitedIds=1\n"
            "DropDelete=1\nECPSync=0\nExtrinsicFunctions=0\nFastDistinct=1\nIdKey=1\nIdTrxFrom=~ `\n"
            "LockThreshold=1000\nLockTimeout=10\nODBCVarcharMaxlen=4096\nQueryProcedures=0\n"
            "RTPC=1\nSaveMAC=0\nTCPKeepAlive=300\nTimePrecision=0\n" % (self.flag(), self.flag(0.8))
        )
        yield (
            "[MirrorMember]\nAgentAddress=\nAsyncMemberGUID=\nAsyncMemberType=0\n"
            "AsyncUseSystemPurgeInterval=0\nJoinMirror=0\nSystemName=\nValidatedMember=0\n"
            "VirtualAddressInterface=\n"
        )

    def cpf_filler(self, i):
        return "[Map.%s%d]\n" % (self.ns(), i) + "".join(
            "Global_%s%d=%s\nRoutine_%s=%s\n" % (self.word().capitalize(), j, self.ns(), self.word().upper(), self.ns())
            for j in range(self.r.randint(4, 12))
        )

    # ---- merge.cpf ------------------------------------------------------
    def merge_sections(self):
        r = self.r
        if r.random() < 0.6:
            yield "[Startup]\nSystemMode=%s\nWebServer=%s\n" % (r.choice(["LIVE", "TEST"]), self.flag(0.5))
        if r.random() < 0.4:
            yield "[config]\nglobals=0,0,%d,0,0,0\nroutines=%d\n" % (r.choice([32, 256]), r.randint(0, 64))
        yield "[Actions]\n"

    def merge_action(self):
        r = self.r
        kind = r.randrange(9)
        name = self.word()
        if kind == 0:
            return "CreateDatabase:Name=%s,Directory=/usr/irissys/mgr/%s\n" % (name.upper(), name)
        if kind == 1:
            return "CreateNamespace:Name=%s,Globals=%s,Routines=%s\n" % ((name.upper(),) * 3)
        if kind == 2:
            return "CreateApplication:Name=/csp/%s,NameSpace=%s,DispatchClass=%s.REST,AutheEnabled=%d,MatchRoles=%s\n" % (
                name, name.upper(), name.capitalize(), self.authe(), r.choice([":%DB_USER", ":%All", ""]))
        if kind == 3:
            return "ModifyService:Name=%s,Enabled=%s,AutheEnabled=%d\n" % (r.choice(SERVICES), self.flag(0.7), self.authe())
        if kind == 4:
            return "ModifyUser:Name=%s,ChangePassword=0,PasswordHash=%s,%s,10000,SHA512\n" % (
                (r.choice(USERS),) + self.hash_salt)
        if kind == 5:
            return "CreateUser:Name=%s%d,Roles=%s,Password=%s,FullName=\"%s user\"\n" % (
                name, r.randint(1, 99), r.choice(ROLES), r.choice(["SYS", "changeme", "${PASS}"]), name)
        if kind == 6:
            return "ModifyApplication:Name=/api/%s,Enabled=1,AutheEnabled=%d,Resource=\n" % (name, self.authe())
        if kind == 7:
            return "CreateResource:Name=%%DB_%s,PublicPermission=%s\n" % (name.upper(), r.choice(["", "R", "RW"]))
        return "ModifyNamespace:Name=%s,Globals=%s\n" % (name.upper(), self.ns())

    # ---- CSP.ini --------------------------------------------------------
    def cspini_sections(self):
        r = self.r
        servers = ["LOCAL"] + ["%s%d" % (self.word(), i) for i in range(r.randint(1, 4))]
        yield (
            "[SYSTEM]\nSystem_Manager=%s\nREGISTRY_METHODS=Disabled\nSM_Timeout=28800\n"
            "Server_Response_Timeout=60\nNo_Activity_Timeout=86400\nQueued_Request_Timeout=60\n"
            "Configuration_Initialized=Mon Apr 22 13:47:12 2024\nConfiguration_Initialized_Build=2301.1828\n"
            % r.choice(["127.0.0.1", "*.*.*.*", "10.0.0.*", "127.0.0.1,172.17.0.1"])
        )
        yield "[SYSTEM_INDEX]\n" + "".join("%s=Enabled\n" % s for s in servers)
        for s in servers:
            yield (
                "[%s]\nIp_Address=%s\nTCP_Port=1972\nUsername=CSPSystem\nPassword=%s\n"
                "Minimum_Server_Connections=3\nMaximum_Session_Connections=6\n%s"
                % (s, r.choice(["127.0.0.1", "iris", "10.0.100.%d" % r.randint(2, 250)]),
                   r.choice(["]]]U1lT", "]]]Q2hhbmdlTWU=", "SYS"]),
                   r.choice(["", "SSLCC_Protocol_Min=16\nSSLCC_Protocol_Max=32\n", "Connection_Security_Level=10\n"]))
            )
        paths = ["/", "/csp"] + ["/%s" % self.word() for _ in range(r.randint(1, 5))]
        yield "[APP_PATH_INDEX]\n" + "".join("%s=Enabled\n" % p for p in paths)
        for p in paths:
            yield "[APP_PATH:%s]\nDefault_Server=%s\nAlternative_Server_0=1~~~~~~%s\n" % (
                p, r.choice(servers), r.choice(servers))

    def cspini_filler(self, i):
        return "[APP_PATH:/%s%d]\nDefault_Server=LOCAL\nGZIP_Compression=Enabled\nGZIP_Exclude_File_Types=jpeg gif ico png gz zip mp3 mp4 tiff\nResponse_Size_Notification=Chunked Transfer Encoding and Content Length\nKeep_Alive=No Action\nNon_Parsed_Headers=Enabled\nAlternative_Servers=Disabled\n" % (self.word(), i)

    # ---- installer manifest ----------------------------------------------
    def installer_body(self, blocks):
        r = self.r
        out = ['<Manifest>\n  <Default Name="Namespace" Value="%s"/>\n  <Default Name="app" Value="%s"/>\n'
               '  <Var Name="DBDIR" Value="/opt/${app}/data"/>\n' % (self.ns(), self.word())]
        for i in range(blocks):
            ns = self.ns() + str(i)
            out.append(
                '  <Namespace Name="%s" Code="%s" Data="%s" Create="yes" Ensemble="%s">\n'
                '    <Configuration>\n'
                '      <Database Name="%s" Dir="${DBDIR}/%s" Create="yes" Resource="%%DB_%s" PublicPermissions="%s"/>\n'
                '    </Configuration>\n'
                '    <Import File="${SourceDir}" Flags="ck" Recurse="1"/>\n'
                '    <CSPApplication Url="/csp/%s" Directory="${cspdir}%s" ServeFiles="1" Recurse="1"'
                ' MatchRoles=":%s" AuthenticationMethods="%d" Grant="%s"/>\n'
                '  </Namespace>\n'
                % (ns, ns, ns, self.flag(), ns, ns.lower(), ns, r.choice(["", "R", "RW"]), ns.lower(), ns.lower(),
                   r.choice(["%DB_" + ns, "%All", "%Developer"]), self.authe(), r.choice(["", "%All", "%SQL"]))
            )
            if r.random() < 0.3:
                out.append('  <User Username="%s%d" PasswordVar="Pwd" Roles="%s" Fullname="App user" Enabled="1"/>\n'
                           % (self.word(), i, r.choice(ROLES)))
            if r.random() < 0.3:
                out.append('  <SystemSetting Name="Config.Startup.WebServer" Value="%s"/>\n' % self.flag(0.5))
            if r.random() < 0.2:
                out.append('  <Resource Name="%%DB_%s" Description="data" Permission="%s"/>\n' % (ns, r.choice(["", "RW"])))
        out.append("</Manifest>\n")
        return "".join(out)

    def installer_xml(self, blocks):
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + self.installer_body(blocks)

    def installer_cls(self, blocks):
        name = self.word().capitalize()
        return (
            "Include %%occInclude\n\nClass %s.Installer\n{\n\nXData setup [ XMLNamespace = INSTALLER ]\n{\n%s}\n\n"
            "ClassMethod setup(ByRef pVars, pLogLevel As %%Integer = 3, pInstaller As %%Installer.Installer,"
            " pLogger As %%Installer.AbstractLogger) As %%Status [ CodeMode = objectgenerator, Internal ]\n{\n"
            "  #; Let XGL document generate code for this method.\n"
            "  Quit ##class(%%Installer.Manifest).%%Generate(%%compiledclass, %%code, \"setup\")\n}\n\n}\n"
            % (name, self.installer_body(blocks))
        )

    # ---- module.xml -----------------------------------------------------
    def module_xml(self, blocks):
        r = self.r
        name = "%s-%s" % (self.word(), self.word())
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<Export generator="Cache" version="25">\n'
               '  <Document name="%s.ZPM">\n    <Module>\n      <Name>%s</Name>\n      <Version>1.%d.%d</Version>\n'
               '      <Packaging>module</Packaging>\n      <SourcesRoot>src</SourcesRoot>\n'
               % (name, name, r.randint(0, 9), r.randint(0, 20))]
        for i in range(blocks):
            w = self.word()
            out.append('      <Resource Name="%s.%s%d.PKG"/>\n' % (w.capitalize(), w, i))
            if r.random() < 0.5:
                out.append(
                    '      <CSPApplication Url="/%s%d" DispatchClass="%s.REST" MatchRoles=":%s" PasswordAuthEnabled="%s"'
                    ' UnauthenticatedEnabled="%s" Recurse="1" UseCookies="2" CookiePath="/%s%d"/>\n'
                    % (w, i, w.capitalize(), r.choice(["%DB_USER", "%All", "%Developer"]), self.flag(0.8),
                       self.flag(0.3), w, i))
            if r.random() < 0.2:
                out.append('      <Invoke Class="%s.Setup" Method="Run" CheckStatus="1"/>\n' % w.capitalize())
        out.append("    </Module>\n  </Document>\n</Export>\n")
        return "".join(out)


# Share of the files, and a typical size in bytes, per kind.
KINDS = [
    ("cpf", 0.25, 12000),
    ("merge", 0.25, 2500),
    ("cspini", 0.20, 6000),
    ("installer", 0.10, 4000),
    ("installer_cls", 0.05, 4500),
    ("module", 0.15, 2500),
]


def render(g, kind, target):
    """One file of `kind`, grown with realistic blocks until it reaches about `target` bytes."""
    if kind == "cpf":
        text = "".join(g.cpf_sections())
        i = 0
        while len(text) < target:
            text += g.cpf_filler(i)
            i += 1
        return text
    if kind == "merge":
        text = "".join(g.merge_sections())
        while len(text) < target:
            text += g.merge_action()
        return text
    if kind == "cspini":
        text = "".join(g.cspini_sections())
        i = 0
        while len(text) < target:
            text += g.cspini_filler(i)
            i += 1
        return text
    blocks = max(1, target // 700)
    if kind == "installer":
        return g.installer_xml(blocks)
    if kind == "installer_cls":
        return g.installer_cls(blocks)
    return g.module_xml(max(1, target // 250))


def file_name(kind, i):
    return {
        "cpf": "iris.cpf",
        "merge": "merge.cpf",
        "cspini": "CSP.ini",
        "installer": "Installer.xml",
        "installer_cls": "Installer.cls",
        "module": "module.xml",
    }[kind]


def own_hash_salt(seed, i):
    """A merge file's own PasswordHash and salt (64 bytes each, in hex, as
    IRIS writes them; seeded by the file's number). Unlike the shared
    constant, such a hash is well formed, so checking it costs what checking
    a real one does: every default password, 10,000 rounds each."""
    r = random.Random(seed * 1_000_003 + i)
    return tuple("".join("%02x" % r.randrange(256) for _ in range(64)) for _ in range(2))


def tree(out, files, mb, seed, vary_salts=False):
    g = Gen(seed)
    weights = [k[1] for k in KINDS]
    mean = sum(k[1] * k[2] for k in KINDS)
    scale = mb * 1_000_000 / files / mean
    total = 0
    for i in range(files):
        kind, _, size = g.r.choices(KINDS, weights)[0]
        target = int(size * scale * g.r.uniform(0.5, 1.5))
        g.hash_salt = own_hash_salt(seed, i) if vary_salts and kind == "merge" else (HASH, SALT)
        text = render(g, kind, target)
        folder = os.path.join(out, "proj%03d" % (i // 100), "%s%04d" % (kind, i))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, file_name(kind, i)), "w", newline="") as f:
            f.write(text)
        total += len(text.encode())
    print("%d files, %d bytes in %s" % (files, total, out))


def big(path, lines, fmt, seed, target_mb=None):
    """One file of about `lines` lines of the format, for the scaling run (or,
    with `target_mb`, a merge file of that many megabytes)."""
    g = Gen(seed)
    out = []
    count = 0
    if target_mb:
        out.append("".join(g.merge_sections()))
        size = len(out[0])
        while size < target_mb * 1_000_000:
            line = g.merge_action()
            out.append(line)
            size += len(line)
    elif fmt == "cpf":
        out.append("".join(g.cpf_sections()))
        i = 0
        while count < lines:
            block = g.cpf_filler(i)
            out.append(block)
            count += block.count("\n")
            i += 1
    elif fmt == "merge":
        out.append("".join(g.merge_sections()))
        while count < lines:
            out.append(g.merge_action())
            count += 1
    elif fmt == "cspini":
        out.extend(g.cspini_sections())
        i = 0
        while count < lines:
            block = g.cspini_filler(i)
            out.append(block)
            count += block.count("\n")
            i += 1
    elif fmt == "installer":
        # About 10 lines per namespace block.
        out.append(g.installer_xml(max(1, lines // 10)))
    else:
        out.append(g.module_xml(max(1, lines)))
    with open(path, "w", newline="") as f:
        f.write("".join(out))


CLASS_METHOD = """
/// {doc}
ClassMethod {name}(pId As %String = "", ByRef pOut) As %Status
{{
    set tSC = $$$OK
    try {{
        set tObj = ##class({cls}).%OpenId(pId)
        if '$isobject(tObj) {{ return $$$ERROR($$$GeneralError, "no {name} "_pId) }}
        set pOut("name") = tObj.Name, pOut("count") = $get(^{glo}(pId, "n"), 0) + 1
        set ^{glo}(pId, "n") = pOut("count")
        for i = 1:1:$length(tObj.Items, ",") {{
            set tItem = $piece(tObj.Items, ",", i)
            continue:tItem=""
            do ..Log("item "_tItem_" of "_pId)
        }}
    }} catch ex {{
        set tSC = ex.AsStatus()
    }}
    return tSC
}}
"""

SETUP_METHOD = """
ClassMethod Setup() As %Status
{{
    new $namespace
    set $namespace = "%SYS"
    set props("AutheEnabled") = {authe}
    set props("NameSpace") = "APP{i}"
    set props("DispatchClass") = "App.REST{i}"
    set sc = ##class(Security.Applications).Create("/api/app{i}", .props)
    do ##class(Security.Users).UnExpireUserPasswords("*")
    return sc
}}
"""


def classes(out, count, seed, setup_share=0.02):
    """An application's source tree: `count` classes of ordinary ObjectScript,
    of which about `setup_share` hold setup code (the only ones irislint parses)."""
    g = Gen(seed)
    total = 0
    for i in range(count):
        pkg = "App.%s" % g.r.choice(["Model", "Service", "Util", "REST", "Data", "Task"])
        name = "%s.C%05d" % (pkg, i)
        body = ["Class %s Extends %%Persistent\n{\n" % name, "\nProperty Name As %String;\n\nProperty Items As %String(MAXLEN = 1000);\n"]
        for m in range(g.r.randint(4, 14)):
            body.append(CLASS_METHOD.format(doc="Handles %s." % g.word(), name="M%d%s" % (m, g.word().title()),
                                            cls=name, glo="App.D%d" % (i % 97)))
        if g.r.random() < setup_share:
            body.append(SETUP_METHOD.format(authe=g.r.choice([32, 64, 96]), i=i))
        body.append("\n}\n")
        text = "".join(body)
        folder = os.path.join(out, "src", *name.split(".")[:-1])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name.split(".")[-1] + ".cls"), "w") as f:
            f.write(text)
        total += len(text.encode())
    print("%d classes, %d bytes in %s" % (count, total, out))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tree")
    t.add_argument("dir")
    t.add_argument("--files", type=int, default=10000)
    t.add_argument("--mb", type=float, default=52)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument(
        "--vary-salts",
        action="store_true",
        help="give each merge file's users their own salt and PasswordHash, as real files have (by default "
        "every file repeats one), so that each hash is new to the password check",
    )
    c = sub.add_parser("classes")
    c.add_argument("dir")
    c.add_argument("--count", type=int, default=5000)
    c.add_argument("--seed", type=int, default=7)
    b = sub.add_parser("big")
    b.add_argument("file")
    b.add_argument("--lines", type=int, required=True)
    b.add_argument("--format", default="merge", choices=["cpf", "merge", "cspini", "installer", "module"])
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--target-mb", type=float)
    a = p.parse_args()
    if a.cmd == "tree":
        tree(a.dir, a.files, a.mb, a.seed, a.vary_salts)
    elif a.cmd == "classes":
        classes(a.dir, a.count, a.seed)
    else:
        big(a.file, a.lines, a.format, a.seed, a.target_mb)


if __name__ == "__main__":
    main()
