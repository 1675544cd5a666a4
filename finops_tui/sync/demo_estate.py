"""The fixed facts of the demo estate: accounts, regions, services, prices and tag vocabulary.

These are catalogue facts, not random draws, so they stay the same for every seed: a user who learnt
that ``acme-sandbox`` holds idle resources finds them there again after regenerating. Prices are the
public on-demand list prices (USD) of late 2025, rounded, which keeps the demo's waste savings close to
what the same finding would save on a real bill.
"""

from __future__ import annotations

from dataclasses import dataclass

AWS_PAYER_ID = "012345678901"
"""AWS management (payer) account: the leading zero proves ids stay text end to end."""

AZURE_ENROLLMENT_ID = "70123456"
"""Azure EA enrollment number: numeric text, never a number."""


@dataclass(frozen=True, slots=True)
class Account:
    """One FOCUS sub-account (AWS member account or Azure subscription) and its billing account."""

    provider: str
    billing_id: str
    billing_name: str
    billing_type: str
    sub_id: str
    sub_name: str
    sub_type: str
    key: str
    """Short role name (prod, staging, data ...) used by the estate profile and the anomaly plan."""
    prod_like: bool
    """Production-like traffic: mild weekend dip; non-prod accounts idle at weekends."""


@dataclass(frozen=True, slots=True)
class Region:
    """A provider region; ``prefix`` is the usage-type prefix (empty for AWS us-east-1 legacy meters)."""

    id: str
    name: str
    prefix: str
    code: str
    """Prefix that every region carries on newer AWS services (``USE1-`` even in us-east-1)."""
    price_factor: float


@dataclass(frozen=True, slots=True)
class Service:
    """FOCUS service columns plus the provider product code."""

    name: str
    category: str
    subcategory: str
    product_code: str


def _aws(sub_id: str, name: str, key: str, prod_like: bool) -> Account:
    return Account(
        "AWS", AWS_PAYER_ID, "Acme Corp", "Management Account", sub_id, name, "Member Account", key, prod_like
    )


def _az(sub_id: str, name: str, key: str, prod_like: bool) -> Account:
    return Account(
        "Microsoft",
        AZURE_ENROLLMENT_ID,
        "Acme Corp EA",
        "Enrollment",
        sub_id,
        name,
        "Subscription",
        key,
        prod_like,
    )


AWS_PAYER = Account(
    "AWS", AWS_PAYER_ID, "Acme Corp", "Management Account", AWS_PAYER_ID, "acme-management",
    "Management Account", "payer", True,
)  # fmt: skip
AWS_ACCOUNTS: dict[str, Account] = {
    a.key: a
    for a in (
        _aws("098712345670", "acme-prod", "prod", True),
        _aws("210987654321", "acme-staging", "staging", False),
        _aws("034567812345", "acme-dev", "dev", False),
        _aws("456789012345", "acme-data", "data", True),
        _aws("567890123456", "acme-shared-services", "shared", True),
        _aws("008765432109", "acme-sandbox", "sandbox", False),
    )
}
AZURE_ACCOUNTS: dict[str, Account] = {
    a.key: a
    for a in (
        _az("3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c", "acme-az-prod", "prod", True),
        _az("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "acme-az-devtest", "devtest", False),
        _az("5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f", "acme-az-data", "data", True),
        _az("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "acme-az-connectivity", "connectivity", True),
    )
}

AWS_PROFILE: dict[str, dict[str, float]] = {
    "prod": {"ec2": 150, "s3": 30, "lambda": 40, "ddb": 12, "cf": 5, "rds": 8, "elb": 10, "nat": 3,
             "ipv4": 20, "logs": 8, "snap": 20},
    "staging": {"ec2": 60, "s3": 12, "lambda": 20, "ddb": 5, "cf": 2, "rds": 3, "elb": 4, "nat": 2,
                "ipv4": 6, "logs": 4, "snap": 5},
    "dev": {"ec2": 50, "s3": 10, "lambda": 15, "ddb": 3, "rds": 2, "elb": 3, "nat": 1, "ipv4": 4, "logs": 3,
            "snap": 5},
    "data": {"ec2": 40, "spot": 15, "s3": 45, "lambda": 35, "ddb": 6, "rds": 3, "elb": 1, "nat": 2,
             "ipv4": 3, "logs": 6, "snap": 10},
    "shared": {"ec2": 25, "s3": 12, "lambda": 10, "ddb": 2, "rds": 1, "elb": 4, "nat": 4, "ipv4": 10,
               "logs": 10, "snap": 5},
    "sandbox": {"ec2": 15, "s3": 6, "lambda": 5, "ddb": 1, "elb": 1, "ipv4": 2, "logs": 2, "snap": 3},
}  # fmt: skip
"""Resources per member account at scale 1."""

AWS_WASTE: dict[str, tuple[tuple[str, float], ...]] = {
    "gp2": (("dev", 8), ("prod", 6), ("staging", 6), ("sandbox", 6), ("shared", 4)),
    "idle-ipv4": (("sandbox", 4), ("dev", 3), ("staging", 2), ("shared", 3)),
    "idle-nat": (("dev", 1), ("sandbox", 1), ("staging", 1)),
    "previous-gen": (("dev", 5), ("sandbox", 4), ("staging", 3), ("shared", 3)),
}
"""Injected waste per check: (account, count at scale 1); the first account always gets one."""

AZURE_PROFILE: dict[str, dict[str, float]] = {
    "prod": {
        "vm": 80,
        "storage": 20,
        "sql": 10,
        "bandwidth": 8,
        "aks": 2,
        "logs": 3,
        "functions": 6,
        "pip": 10,
    },
    "devtest": {
        "vm": 50,
        "storage": 12,
        "sql": 4,
        "bandwidth": 3,
        "aks": 1,
        "logs": 1,
        "functions": 4,
        "pip": 6,
    },
    "data": {"vm": 15, "storage": 30, "sql": 8, "bandwidth": 3, "logs": 1, "functions": 12, "pip": 2},
    "connectivity": {"firewall": 2, "bandwidth": 6, "pip": 12, "logs": 1, "storage": 2},
}
"""Resources per subscription at scale 1."""

AWS_REGIONS: tuple[tuple[Region, float], ...] = (
    (Region("us-east-1", "US East (N. Virginia)", "", "USE1-", 1.0), 0.65),
    (Region("eu-west-1", "Europe (Ireland)", "EUW1-", "EUW1-", 1.07), 0.25),
    (Region("us-west-2", "US West (Oregon)", "USW2-", "USW2-", 1.0), 0.10),
)
"""AWS regions with their share of resources."""

AZURE_REGIONS: tuple[tuple[Region, float], ...] = (
    (Region("westeurope", "West Europe", "", "", 1.1), 0.6),
    (Region("northeurope", "North Europe", "", "", 1.05), 0.25),
    (Region("eastus", "East US", "", "", 1.0), 0.15),
)
GLOBAL = Region("global", "Global", "", "", 1.0)

S_EC2 = Service("Amazon Elastic Compute Cloud", "Compute", "Virtual Machines", "AmazonEC2")
S_VPC = Service("Amazon Virtual Private Cloud", "Networking", "Network Infrastructure", "AmazonVPC")
S_ELB = Service("Elastic Load Balancing", "Networking", "Network Infrastructure", "AWSELB")
S_S3 = Service("Amazon Simple Storage Service", "Storage", "Object Storage", "AmazonS3")
S_RDS = Service("Amazon Relational Database Service", "Databases", "Relational Databases", "AmazonRDS")
S_LAMBDA = Service("AWS Lambda", "Compute", "Serverless Compute", "AWSLambda")
S_DDB = Service("Amazon DynamoDB", "Databases", "NoSQL Databases", "AmazonDynamoDB")
S_CF = Service("Amazon CloudFront", "Networking", "Content Delivery", "AmazonCloudFront")
S_CW = Service("AmazonCloudWatch", "Management and Governance", "Observability", "AmazonCloudWatch")
S_SAGEMAKER = Service("Amazon SageMaker", "AI and Machine Learning", "Machine Learning", "AmazonSageMaker")
S_BEDROCK = Service("Amazon Bedrock", "AI and Machine Learning", "Generative AI", "AmazonBedrock")
S_SUPPORT = Service("AWS Support (Business)", "Other", "Support", "AWSSupportBusiness")
S_SP = Service("Savings Plans for AWS Compute usage", "Compute", "Virtual Machines", "ComputeSavingsPlans")
S_TAX = Service("Tax", "Other", "Other", "")

Z_VM = Service("Virtual Machines", "Compute", "Virtual Machines", "Microsoft.Compute")
Z_STORAGE = Service("Storage", "Storage", "Block Storage", "Microsoft.Storage")
Z_SQL = Service("SQL Database", "Databases", "Relational Databases", "Microsoft.Sql")
Z_BANDWIDTH = Service("Bandwidth", "Networking", "Network Connectivity", "Microsoft.Network")
Z_AKS = Service("Azure Kubernetes Service", "Compute", "Containers", "Microsoft.ContainerService")
Z_LOGS = Service(
    "Log Analytics", "Management and Governance", "Observability", "Microsoft.OperationalInsights"
)
Z_FUNCTIONS = Service("Functions", "Compute", "Serverless Compute", "Microsoft.Web")
Z_VNET = Service("Virtual Network", "Networking", "Network Infrastructure", "Microsoft.Network")
Z_FIREWALL = Service("Azure Firewall", "Networking", "Network Security", "Microsoft.Network")
Z_AI = Service("Azure AI Services", "AI and Machine Learning", "Generative AI", "Microsoft.CognitiveServices")

EC2_PRICES: dict[str, float] = {
    "t3.medium": 0.0416, "t3.large": 0.0832, "m5.large": 0.096, "m5.xlarge": 0.192, "m5.2xlarge": 0.384,
    "m6i.large": 0.096, "m6i.xlarge": 0.192, "m6i.2xlarge": 0.384, "c5.xlarge": 0.17, "c5.2xlarge": 0.34,
    "c6i.xlarge": 0.17, "c6i.2xlarge": 0.34, "r5.large": 0.126, "r5.xlarge": 0.252, "r6i.large": 0.126,
    "r6i.xlarge": 0.252, "r6i.2xlarge": 0.504, "m7g.large": 0.0816, "m7g.xlarge": 0.1632, "c7g.xlarge": 0.145,
    "t2.medium": 0.0464, "t2.large": 0.0928, "m4.large": 0.10, "m4.xlarge": 0.20, "c4.xlarge": 0.199,
    "c4.2xlarge": 0.398, "r4.large": 0.133, "r4.xlarge": 0.266,
}  # fmt: skip
"""Linux on-demand $/hour in us-east-1."""

CURRENT_GEN = (
    "m6i.large", "m6i.xlarge", "m5.large", "m5.xlarge", "c6i.xlarge", "c6i.2xlarge", "r6i.large",
    "r6i.xlarge", "t3.medium", "t3.large", "m7g.large", "m7g.xlarge", "c7g.xlarge", "m6i.2xlarge",
)  # fmt: skip
"""Instance types of ordinary fleets (``r6i.2xlarge`` is kept for the reserved fleet only)."""

PREVIOUS_GEN: dict[str, str] = {
    "m4.large": "m5.large", "m4.xlarge": "m5.xlarge", "t2.medium": "t3.medium", "t2.large": "t3.large",
    "c4.xlarge": "c5.xlarge", "c4.2xlarge": "c5.2xlarge", "r4.large": "r5.large", "r4.xlarge": "r5.xlarge",
}  # fmt: skip
"""Previous-generation type and the current type that replaces it at a lower price."""

RESERVED_TYPE = "r6i.2xlarge"
"""The only EC2 type bought as reserved instances, so the RI never meets uncovered matching usage."""

RDS_PRICES: dict[str, float] = {"db.r6g.large": 0.225, "db.r6g.xlarge": 0.45, "db.m6g.large": 0.152,
                                "db.t4g.medium": 0.065}  # fmt: skip

AZURE_VM_PRICES: dict[str, tuple[str, float]] = {
    "Standard_D2s_v5": ("D2s v5", 0.096), "Standard_D4s_v5": ("D4s v5", 0.192),
    "Standard_D8s_v5": ("D8s v5", 0.384), "Standard_E4s_v5": ("E4s v5", 0.252),
    "Standard_D4as_v5": ("D4as v5", 0.172), "Standard_E8s_v5": ("E8s v5", 0.504),
}  # fmt: skip
"""Azure VM size: (meter name, Linux pay-as-you-go $/hour in East US)."""

AZURE_RESERVED_SIZE = "Standard_E8s_v5"

AZURE_DISKS: dict[str, tuple[str, int, float]] = {
    "P10": ("Premium SSD Managed Disks", 128, 19.71), "P20": ("Premium SSD Managed Disks", 512, 73.22),
    "P30": ("Premium SSD Managed Disks", 1024, 135.17), "E10": ("Standard SSD Managed Disks", 128, 9.60),
    "E20": ("Standard SSD Managed Disks", 512, 38.40), "S20": ("Standard HDD Managed Disks", 512, 21.76),
}  # fmt: skip
"""Managed disk tier: (meter subcategory, GiB, $/month)."""

AZURE_EA_DISCOUNT = 0.9
"""EA price sheet price as a share of the list price (ContractedUnitPrice / ListUnitPrice)."""

TEAMS = ("payments", "checkout", "search", "platform", "data-eng", "ml", "web", "mobile", "sre", "identity")
APPS = ("api", "web", "worker", "etl", "auth", "search", "billing", "catalog", "events", "reports")
COST_CENTERS = ("CC-1001", "CC-1002", "CC-1040", "CC-2001", "CC-3100")

ENV_VALUES: dict[str, tuple[tuple[str, float], ...]] = {
    "prod": (("prod", 0.6), ("production", 0.3), ("Prod", 0.1)),
    "staging": (("staging", 0.7), ("stage", 0.2), ("Staging", 0.1)),
    "dev": (("dev", 0.8), ("development", 0.2)),
    "data": (("prod", 0.7), ("production", 0.3)),
    "shared": (("shared", 0.6), ("prod", 0.4)),
    "sandbox": (("sandbox", 0.9), ("test", 0.1)),
    "devtest": (("dev", 0.6), ("test", 0.4)),
    "connectivity": (("prod", 0.5), ("Production", 0.5)),
}
"""Values of the environment tag per account role, with their typo-ish variants."""

TEAM_KEYS: tuple[tuple[str, float], ...] = (("Team", 0.6), ("team", 0.3), ("TEAM", 0.1))
ENV_KEYS_AWS: tuple[tuple[str, float], ...] = (("env", 0.75), ("Environment", 0.25))
ENV_KEYS_AZURE: tuple[tuple[str, float], ...] = (("Environment", 0.6), ("env", 0.4))
COST_CENTER_KEYS: tuple[tuple[str, float], ...] = (("CostCenter", 0.85), ("CostCenter ", 0.15))
"""``"CostCenter "`` carries the stray trailing space that real tag hygiene reports must catch."""

UNTAGGED_SHARE = 0.25
"""Share of taggable (resource-level) spend left without tags."""
