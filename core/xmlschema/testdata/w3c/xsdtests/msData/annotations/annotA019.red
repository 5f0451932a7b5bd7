<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
	<xsd:group name="group">
		<xsd:sequence>
			<xsd:element name="e1"/>
			<xsd:element name="e2"/>
		</xsd:sequence>
	</xsd:group>
</xsd:schema>
