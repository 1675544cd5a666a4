"""Price-list entries of the demo estate: one template per usage type, as the providers publish them.

A template holds what every resource billed on that usage type shares (unit, list price, product
family, operation, description); the builders add only what varies per resource (size, usage level,
region). Keeping the price list as data keeps the builders short and the prices easy to audit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tpl:
    """A usage type of the price list (without its region prefix)."""

    usage: str
    unit: str
    price: float
    """List price per unit, USD, in the cheapest region (regional factors apply on top)."""
    family: str
    """AWS product family / Azure meter category (``x_ProductFamily``)."""
    operation: str | None
    sku_meter: str
    description: str


def _aws(usage: str, unit: str, price: float, family: str, operation: str, sku_meter: str, text: str) -> Tpl:
    return Tpl(usage, unit, price, family, operation, sku_meter, text)


def _az(meter: str, unit: str, price: float, category: str, sku_meter: str) -> Tpl:
    return Tpl(meter, unit, price, category, None, sku_meter, f"{category} - {meter}")


EBS: dict[str, Tpl] = {
    v: _aws(
        f"EBS:VolumeUsage.{v}",
        "GB-Mo",
        p,
        "Storage",
        f"CreateVolume-{v.capitalize()}",
        "Storage",
        f"${p:.3f} per GB-month of {v} provisioned storage",
    )
    for v, p in (("gp2", 0.10), ("gp3", 0.08), ("io2", 0.125))
}
EBS_IOPS = _aws(
    "EBS:VolumeP-IOPS.io2", "IOPS-Mo", 0.065, "System Operation", "CreateVolume-Io2", "Provisioned IOPS",
    "$0.065 per IOPS-month provisioned io2",
)  # fmt: skip
SNAPSHOT = _aws(
    "EBS:SnapshotUsage", "GB-Mo", 0.05, "Storage Snapshot", "CreateSnapshot", "Snapshot Storage",
    "$0.05 per GB-Month of snapshot data stored",
)  # fmt: skip
NAT_HOURS = _aws(
    "NatGateway-Hours", "Hrs", 0.045, "NAT Gateway", "NatGateway", "NAT Hours", "$0.045 per NAT Gateway Hour"
)
NAT_BYTES = _aws(
    "NatGateway-Bytes", "GB", 0.045, "NAT Gateway", "NatGateway", "Data Processed",
    "$0.045 per GB Data Processed by NAT Gateways",
)  # fmt: skip
IPV4: dict[str, Tpl] = {
    "InUseAddress": _aws(
        "PublicIPv4:InUseAddress", "Hrs", 0.005, "IP Address", "AssociateAddressVPC", "Public IPv4 Hours",
        "$0.005 per in-use public IPv4 address per hour",
    ),
    "IdleAddress": _aws(
        "PublicIPv4:IdleAddress", "Hrs", 0.005, "IP Address", "AllocateAddressVPC", "Public IPv4 Hours",
        "$0.005 per idle public IPv4 address per hour",
    ),
}  # fmt: skip
ELB_HOURS = _aws(
    "LoadBalancerUsage", "Hrs", 0.0225, "Load Balancer-Application", "LoadBalancing:Application",
    "Load Balancer Hours", "$0.0225 per Application LoadBalancer-hour",
)  # fmt: skip
ELB_LCU = _aws(
    "LCUUsage", "LCU-Hrs", 0.008, "Load Balancer-Application", "LoadBalancing:Application", "Capacity Units",
    "$0.008 per used Application load balancer capacity unit-hour",
)  # fmt: skip
RDS_STORAGE = _aws(
    "RDS:GP3-Storage", "GB-Mo", 0.115, "Database Storage", "CreateDBInstance:0002", "Storage",
    "$0.115 per GB-month of provisioned gp3 storage",
)  # fmt: skip
S3_STORAGE = _aws(
    "TimedStorage-ByteHrs", "GB-Mo", 0.023, "Storage", "StandardStorage", "Storage",
    "$0.023 per GB - first 50 TB / month of storage used",
)  # fmt: skip
S3_REQUESTS = _aws(
    "Requests-Tier1", "Requests", 0.000005, "API Request", "PutObject", "Requests",
    "$0.005 per 1,000 PUT, COPY, POST, or LIST requests",
)  # fmt: skip
S3_OUT = _aws(
    "DataTransfer-Out-Bytes", "GB", 0.09, "Data Transfer", "GetObject", "Data Transfer",
    "$0.090 per GB - first 10 TB / month data transfer out",
)  # fmt: skip
LAMBDA_GBS = _aws(
    "Lambda-GB-Second", "Lambda-GB-Second", 0.0000166667, "Serverless", "Invoke", "Compute",
    "AWS Lambda - Total Compute",
)  # fmt: skip
LAMBDA_REQ = _aws(
    "Request", "Requests", 0.0000002, "Serverless", "Invoke", "Requests", "AWS Lambda - Total Requests"
)
DDB_THROUGHPUT = "Amazon DynamoDB PayPerRequest Throughput"
DDB_READ = _aws(
    "ReadRequestUnits", "ReadRequestUnits", 0.00000025, DDB_THROUGHPUT, "PayPerRequestThroughput",
    "Read Request Units", "$0.25 per million read request units",
)  # fmt: skip
DDB_WRITE = _aws(
    "WriteRequestUnits", "WriteRequestUnits", 0.00000125, DDB_THROUGHPUT, "PayPerRequestThroughput",
    "Write Request Units", "$1.25 per million write request units",
)  # fmt: skip
DDB_STORAGE = _aws(
    "TimedStorage-ByteHrs", "GB-Mo", 0.25, "Database Storage", "StandardStorage", "Storage",
    "$0.25 per GB-Month of storage used",
)  # fmt: skip
CF_OUT = _aws(
    "US-DataTransfer-Out-Bytes", "GB", 0.085, "Data Transfer", "GET", "Data Transfer",
    "$0.085 per GB - first 10 TB / month data transfer out",
)  # fmt: skip
CF_REQUESTS = _aws(
    "US-Requests-Tier2-HTTPS", "Requests", 0.000001, "Request", "GET", "Requests",
    "$0.010 per 10,000 HTTPS Requests",
)  # fmt: skip
CW_INGEST = _aws(
    "DataProcessing-Bytes", "GB", 0.50, "Data Payload", "PutLogEvents", "Log Ingestion",
    "$0.50 per GB custom log data ingested",
)  # fmt: skip
CW_STORAGE = _aws(
    "TimedStorage-ByteHrs", "GB-Mo", 0.03, "Storage Snapshot", "HourlyStorageMetering", "Log Storage",
    "$0.03 per GB-mo of log storage",
)  # fmt: skip
CW_METRICS = _aws(
    "CW:MetricMonitorUsage", "Metrics", 0.30, "Metric", "MetricStorage", "Metrics", "$0.30 per metric-month"
)
BEDROCK: dict[str, Tpl] = {
    d: _aws(
        f"Claude3.5Sonnet-{d}-tokens", "1K tokens", p, "Amazon Bedrock", "InvokeModelInference", "Tokens",
        f"${p} per 1K {d} tokens, Claude 3.5 Sonnet",
    )
    for d, p in (("input", 0.003), ("output", 0.015))
}  # fmt: skip

Z_STORED = _az("Hot LRS Data Stored", "1 GB/Month", 0.0184, "Storage", "Data Stored")
Z_WRITES = _az("Hot LRS Write Operations", "10K", 0.065, "Storage", "Write Operations")
Z_READS = _az("Hot Read Operations", "10K", 0.0052, "Storage", "Read Operations")
Z_VCORE = _az("vCore", "1 Hour", 0.2522, "SQL Database", "Compute Hours")
Z_SQL_STORED = _az("General Purpose Data Stored", "1 GB/Month", 0.115, "SQL Database", "Data Stored")
Z_EGRESS = _az("Standard Data Transfer Out", "1 GB", 0.087, "Bandwidth", "Data Transfer Out")
Z_LOG_INGEST = _az("Analytics Logs Data Ingestion", "1 GB", 2.76, "Log Analytics", "Data Ingestion")
Z_FUNC_TIME = _az("Standard Execution Time", "1 GB Second", 0.000016, "Functions", "Execution Time")
Z_FUNC_RUNS = _az("Standard Total Executions", "10", 0.000002, "Functions", "Executions")
Z_PUBLIC_IP = _az("Standard IPv4 Static Public IP", "1 Hour", 0.005, "Virtual Network", "IP Address Hours")
Z_FW_HOURS = _az("Standard Deployment", "1 Hour", 1.25, "Azure Firewall", "Deployment Hours")
Z_FW_DATA = _az("Standard Data Processed", "1 GB", 0.016, "Azure Firewall", "Data Processed")
Z_AKS_SLA = _az("Standard Uptime SLA", "1 Hour", 0.10, "Azure Kubernetes Service", "Uptime SLA")
Z_OPENAI: dict[str, Tpl] = {
    d: _az(f"gpt-4o-0806-{d}-regional Tokens", "1K", p, "Cognitive Services", "Tokens")
    for d, p in (("Inp", 0.0025), ("Outp", 0.01))
}


def ec2_hours(usage: str, itype: str, price: float, text: str) -> Tpl:
    """An EC2 instance-hour usage type (on-demand, spot or unused reservation)."""
    operation = "RunInstances:SV001" if usage == "SpotUsage" else "RunInstances"
    return Tpl(f"{usage}:{itype}", "Hrs", price, "Compute Instance", operation, "Compute Hours", text)


def azure_vm(meter: str, price: float) -> Tpl:
    """An Azure VM size meter (Linux)."""
    return Tpl(meter, "1 Hour", price, "Virtual Machines", None, "Compute Hours", f"{meter} - Linux")


def azure_disk(tier: str, category: str, monthly: float) -> Tpl:
    """A managed disk meter billed per month."""
    return Tpl(
        f"{tier} LRS Disk", "1/Month", monthly, "Storage", None, category, f"{category} - {tier} LRS Disk"
    )
