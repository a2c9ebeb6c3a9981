# Compile settings shared by every layer (qBittorrent's CommonConfig pattern):
# link opsdeck_common instead of setting flags globally.
add_library(opsdeck_common INTERFACE)
target_compile_features(opsdeck_common INTERFACE cxx_std_20)
target_compile_definitions(opsdeck_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    OPSDECK_VERSION="${PROJECT_VERSION}")
target_compile_options(opsdeck_common INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    $<$<BOOL:${OPSDECK_WERROR}>:-Werror>)
