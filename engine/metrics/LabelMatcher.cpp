#include "LabelMatcher.h"

namespace opsdeck::metrics {

LabelMatcher::LabelMatcher(Type type, QByteArray name, QByteArray value)
    : m_type(type)
    , m_name(std::move(name))
    , m_value(std::move(value))
{
    if (m_type == Type::Regex || m_type == Type::NotRegex) {
        m_re.setPattern(QRegularExpression::anchoredPattern(QString::fromUtf8(m_value)));
        m_re.setPatternOptions(QRegularExpression::DotMatchesEverythingOption);
        m_re.optimize();
    }
}

bool LabelMatcher::isValid() const
{
    return (m_type != Type::Regex && m_type != Type::NotRegex) || m_re.isValid();
}

QString LabelMatcher::errorString() const
{
    return isValid() ? QString() : m_re.errorString();
}

bool LabelMatcher::matches(QByteArrayView labelValue) const
{
    switch (m_type) {
    case Type::Equal:
        return labelValue == m_value;
    case Type::NotEqual:
        return labelValue != m_value;
    case Type::Regex:
        return m_re.match(QString::fromUtf8(labelValue)).hasMatch();
    case Type::NotRegex:
        return !m_re.match(QString::fromUtf8(labelValue)).hasMatch();
    }
    return false;
}

} // namespace opsdeck::metrics
