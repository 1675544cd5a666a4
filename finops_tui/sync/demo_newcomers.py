"""Services that appear mid-history: the "new service" anomalies of the demo.

Each builder creates resources that start on a given day in an account that never used the service,
so "no spend in the lookback, material spend now" holds exactly from that day on.
"""

from __future__ import annotations

from finops_tui.sync import demo_meters as P
from finops_tui.sync.demo_aws import USE1, AwsAccount
from finops_tui.sync.demo_azure import WEU, AzureSubscription
from finops_tui.sync.demo_catalog import Builder, Res
from finops_tui.sync.demo_estate import APPS, S_BEDROCK, S_SAGEMAKER, Z_AI, Account
from finops_tui.sync.demo_meters import Tpl


def build_sagemaker(b: Builder, acct: Account, start: int) -> list[Res]:
    """SageMaker appearing on ``start``: notebooks, a hosted endpoint fleet and training jobs."""
    aws = AwsAccount(b, acct)
    made: list[Res] = []
    for rtype, usage, itype, price, base in (
        ("Notebook Instance", "Notebk", "ml.t3.medium", 0.05, 24.0),
        ("Endpoint", "Host", "ml.g5.xlarge", 1.408, 48.0),
        ("Training Job", "Train", "ml.p3.2xlarge", 3.825, 6.0),
    ):
        tpl = Tpl(
            f"{usage}:{itype}", "Hrs", price, "ML Instance", "RunInstance", "Instance Hours", f"{itype} hours"
        )
        for _ in range(b.count(2)):
            r = aws.res(S_SAGEMAKER, "sagemaker", rtype, USE1, start=start, pinned=True)
            if usage == "Train":
                aws.usage(r, tpl, base, 0.15, coded=True, instance_type=itype)
            else:
                b.tpl(r, tpl, base, coded=True, qty_mode="daily", instance_type=itype)
            made.append(r)
    return made


def build_bedrock(b: Builder, acct: Account, start: int) -> list[Res]:
    """Bedrock appearing on ``start``: application inference profiles billed per 1K tokens."""
    aws = AwsAccount(b, acct)
    made: list[Res] = []
    for _ in range(b.count(3)):
        r = aws.res(S_BEDROCK, "bedrock", "Inference Profile", USE1, start=start, pinned=True)
        tokens = b.rng.uniform(5000, 25000)
        aws.usage(r, P.BEDROCK["input"], tokens, 0.1, coded=True)
        aws.usage(r, P.BEDROCK["output"], tokens * 0.2, 0.1, coded=True)
        made.append(r)
    return made


def build_ai_services(b: Builder, acct: Account, start: int) -> list[Res]:
    """Azure OpenAI accounts appearing on ``start``, billed per 1K tokens."""
    az = AzureSubscription(b, acct)
    made: list[Res] = []
    for _ in range(b.count(2)):
        name, arm = f"oai-{b.pick(APPS)}-{acct.key}-{b.hex(4)}", "Microsoft.CognitiveServices/accounts"
        r = az.res(
            Z_AI, arm, "Cognitive Services account", f"rg-ai-{acct.key}", name, WEU, start=start, pinned=True
        )
        tokens = b.rng.uniform(10000, 40000)
        az.meter(r, P.Z_OPENAI["Inp"], tokens, 0.1)
        az.meter(r, P.Z_OPENAI["Outp"], tokens * 0.25, 0.1)
        made.append(r)
    return made
