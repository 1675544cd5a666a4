"""Inventory-based checks: listed as "needs inventory" until the AWS/Azure syncs bring describe data.

Billing shows what a resource costs, not whether it is attached or associated; these checks light up
once the inventory tables exist.
"""

from __future__ import annotations

from finops_tui.waste.base import Check

CHECKS: tuple[Check, ...] = (
    Check("unattached-ebs", "Unattached EBS volume", "AWS"),
    Check("unassociated-eip", "Unassociated Elastic IP", "AWS"),
    Check("orphan-snapshot", "Old or orphaned snapshot", "AWS"),
    Check("stopped-instance-volumes", "Stopped instance paying for volumes", "AWS"),
    Check("azure-unattached-disk", "Azure unattached disk", "Microsoft"),
    Check("azure-unused-public-ip", "Azure unused public IP", "Microsoft"),
)
