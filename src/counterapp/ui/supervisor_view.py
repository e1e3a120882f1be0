"""The supervisor's and the admin's workspace: the queue, the dashboard and the admin
windows as tabs, each shown only to those whose role may use it.

Tabs (Ctrl+1 … Ctrl+5): 办件队列 (view_queue), 统计看板 (view_reports), 用户 (manage_users),
审计日志 (export_audit), 部门接口 (diagnose_departments). A clerk never gets this page: a
clerk's workspace is the counter flow (:mod:`counterapp.ui.case_flow`).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counterapp.app.context import CounterContext
from counterapp.errors import Language
from counterapp.ui.admin_audit import AuditLogView
from counterapp.ui.admin_connectors import ConnectorStatusView
from counterapp.ui.admin_users import UsersAdminView
from counterapp.ui.dashboard_view import DashboardView
from counterapp.ui.queue_view import CaseQueueView
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor, Permission, has_permission

__all__ = ["SupervisorView", "uses_supervisor_view"]


def uses_supervisor_view(actor: Actor) -> bool:
    """True for those who work on the queue or the hall (supervisors, admins)."""
    return has_permission(actor, Permission.VIEW_QUEUE) or has_permission(
        actor, Permission.MANAGE_USERS
    )


class SupervisorView(QWidget):
    """The tabs a supervisor or an admin works in."""

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        live: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.queue: CaseQueueView | None = None
        self.dashboard: DashboardView | None = None
        self.users: UsersAdminView | None = None
        self.audit: AuditLogView | None = None
        self.connectors: ConnectorStatusView | None = None
        where = ctx.workstation
        if has_permission(actor, Permission.VIEW_QUEUE) and has_permission(
            actor, Permission.LOOKUP
        ):
            self.queue = CaseQueueView(ctx, actor, runner, language=language, live=live)
            self.tabs.addTab(self.queue, self.tr("Case queue"))
        if has_permission(actor, Permission.VIEW_REPORTS):
            self.dashboard = DashboardView(
                ctx.engine,
                actor,
                runner,
                language=language,
                hall_name=ctx.settings.get_str("hall.name"),
                catalog=ctx.catalog,
                forms=ctx.forms,
                workstation=where,
                font_path=ctx.settings.get_str("receipts.font_path") or None,
                cipher=ctx.cipher,
            )
            self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        if has_permission(actor, Permission.MANAGE_USERS):
            self.users = UsersAdminView(
                ctx.engine, actor, runner, language=language, workstation=where
            )
            self.tabs.addTab(self.users, self.tr("Users"))
        if has_permission(actor, Permission.EXPORT_AUDIT):
            self.audit = AuditLogView(
                ctx.engine, actor, runner, language=language, workstation=where
            )
            self.tabs.addTab(self.audit, self.tr("Audit log"))
        if has_permission(actor, Permission.DIAGNOSE_DEPARTMENTS):
            self.connectors = ConnectorStatusView(
                ctx.exchange, ctx.engine, actor, runner, language=language, workstation=where
            )
            self.tabs.addTab(self.connectors, self.tr("Departments"))
        for position in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{position + 1}"), self)
            shortcut.activated.connect(lambda p=position: self.tabs.setCurrentIndex(p))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def stop(self) -> None:
        """Stop the live queue's watcher (the window closes)."""
        if self.queue is not None:
            self.queue.stop()
