#include "profiler/CpuProfileDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

CpuProfileDialog::CpuProfileDialog(const QString& host, const QList<opsdeck::collect::ComponentUse>& components,
    qint64 selectedPid, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("CPU profile of %1").arg(host));
    auto* form = new QFormLayout(this);
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("cpuProfileTarget"));
    m_target->addItem(tr("Whole host"), qint64(0));
    for (const auto& c : components) {
        if (c.topPid <= 0)
            continue;
        m_target->addItem(tr("%1 — %2 (pid %3)").arg(c.name, c.topCommand, QString::number(c.topPid)), c.topPid);
        if (c.topPid == selectedPid)
            m_target->setCurrentIndex(m_target->count() - 1);
    }
    form->addRow(tr("Profile"), m_target);
    m_seconds = new QSpinBox(this);
    m_seconds->setObjectName(QStringLiteral("cpuProfileSeconds"));
    m_seconds->setRange(1, 60);
    m_seconds->setValue(10);
    m_seconds->setSuffix(tr(" s"));
    form->addRow(tr("Duration"), m_seconds);
    auto* note = new QLabel(tr("Samples on-CPU stacks at 99 Hz. The host must allow perf_event_open; "
                               "if it does not, the result says why."),
        this);
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

qint64 CpuProfileDialog::pid() const
{
    return m_target->currentData().toLongLong();
}

int CpuProfileDialog::seconds() const
{
    return m_seconds->value();
}
