// libpcap, imported as the system library CPcap. Only GatewireCapture's PcapSource.swift imports it.
#ifndef GATEWIRE_CPCAP_SHIM_H
#define GATEWIRE_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
